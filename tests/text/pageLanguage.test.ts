import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { phrase } from '../../shared/i18n/phrase';
import { lang } from '../../client/src/lib/language.svelte';

/**
 * The page's language (`client/src/lib/language.svelte.ts`): the problems' words come on demand,
 * so a screen may ask for one before they are here. It then shows nothing for a moment, never
 * breaks: the words are fetched, and the next render has them.
 */
describe('the page’s language', () => {
  it('says a problem’s phrase as nothing until its words are here, and fetches them for the next render', async () => {
    const noMicrophone = phrase('call_no_microphone');
    expect(lang.say(noMicrophone)).toBe('');
    await expect.poll(() => lang.say(noMicrophone)).toMatch(/microphone is not available/);
    // A move's words come with the page: said at once.
    expect(lang.say(phrase('seat_a'))).not.toBe('');
  });

  it('joins lists in one place: the screens call lang.list, never Intl.ListFormat themselves', () => {
    const dir = 'client/src/components';
    const joining = readdirSync(dir).filter((f) => readFileSync(`${dir}/${f}`, 'utf8').includes('Intl.ListFormat'));
    expect(joining).toEqual([]);
  });
});
