import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEAT_LABELS, SEATS } from '../../shared/conversation';
import { BASE_LOCALE, LOCALES } from '../../shared/i18n/locales';
import { messagesIn } from '../support/messagesIn';

/**
 * The message catalog (`shared/i18n/messages/<area>/<locale>.json`): every message said in every
 * language, with the same inputs, and nothing left to fall back on another language.
 */
const ROOT = 'shared/i18n/messages';
const AREAS = readdirSync(ROOT);
type Message = string | { match: Record<string, string> }[];
const area = (name: string, locale: string): Record<string, Message> => JSON.parse(readFileSync(`${ROOT}/${name}/${locale}.json`, 'utf8'));
/** Every text a message can say (a plural has one per form). */
const texts = (message: Message): string[] => (typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match)));
const inputs = (message: Message): string[] => [...new Set(texts(message).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();

describe('the message catalog', () => {
  it.each(AREAS)('says every message of %s in every language, with the same inputs', (name) => {
    const base = area(name, BASE_LOCALE);
    for (const locale of LOCALES) {
      const other = area(name, locale);
      expect(Object.keys(other).sort(), `${name}/${locale}`).toEqual(Object.keys(base).sort());
      for (const [key, message] of Object.entries(other)) {
        expect(inputs(message), `${name}/${locale}: ${key}`).toEqual(inputs(base[key]!));
        for (const text of texts(message)) expect(text.trim(), `${name}/${locale}: ${key}`).not.toBe('');
      }
    }
  });

  it('names every message in lower snake case, once across all areas (the compiled function has that very name)', () => {
    const keys = AREAS.flatMap((name) => Object.keys(area(name, BASE_LOCALE)));
    for (const key of keys) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps no message nobody says: each key is named in the app’s code', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'paraglide' || path === ROOT ? [] : sources(path);
        return /\.(ts|svelte)$/.test(name) ? [path] : [];
      });
    // The build says one itself: the page's description (vite.config.ts).
    const code = [...['client/src', 'shared', 'server'].flatMap(sources), 'vite.config.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unsaid = AREAS.flatMap((name) => Object.keys(area(name, BASE_LOCALE))).filter((key) => !new RegExp(`\\b${key}\\b`).test(code));
    expect(unsaid).toEqual([]);
  });

  it('calls nobody by another seat’s label, in any language: the labels the rules reserve are the catalog’s', () => {
    for (const locale of LOCALES) {
      const m = messagesIn(locale);
      const label = { A: m.seat_a(), B: m.seat_b(), M: m.seat_m() };
      for (const seat of SEATS) expect(SEAT_LABELS[seat]).toContain(label[seat]);
    }
  });

  it('says a Spanish page’s words in Spanish, not English', () => {
    const en = messagesIn('en');
    const es = messagesIn('es');
    // Words that are the same in both languages (the app's name, "Normal", formats) are few.
    const same = AREAS.flatMap((name) => Object.keys(area(name, BASE_LOCALE))).filter((key) => {
      const message = (m: typeof en) => (m as unknown as Record<string, (i: object) => string>)[key]!({ name: 'N', count: 2, topic: 'T', text: 'X' });
      return message(en) === message(es);
    });
    expect(same.sort()).toEqual(['brand', 'duration_min_sec', 'name_state', 'record_who_kind', 'share_both', 'text_size_normal', 'announce', 'presence_line'].sort());
  });
});
