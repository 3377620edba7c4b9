import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n/locales';
import { messagesIn } from '../support/messagesIn';

/** Each language's page describes itself (search results, link previews) in that language. `npm test` builds first. */
describe('the built page of each language', () => {
  it.each(LOCALES)('carries its description in %s', (locale) => {
    const html = readFileSync(join('dist/client', `index.${locale}.html`), 'utf8');
    const description = html.match(/<meta name="description" content="([^"]*)"/)?.[1];
    expect(description).toBe(messagesIn(locale).page_description());
  });

  it('says it in Spanish on the Spanish page', () => {
    expect(readFileSync('dist/client/index.es.html', 'utf8')).toContain('content="Una sala tranquila para una conversación estructurada entre dos personas."');
  });
});
