import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n/locales';

/**
 * The page's weight, as a phone downloads it: for each language's build, the JavaScript the page
 * loads up front plus what one screen of the room fetches when it is shown, gzipped. Each screen
 * is counted with everything it needs (read from the build's manifest). The voice call, fetched
 * only for a talk held through the room, is printed on top of the talk screen, not held to the
 * budget (it never was: it is an add-on of one way of talking). `npm test` builds first.
 */
const DIST = 'dist/client';
const BUDGET_KB = 80;

interface ManifestEntry {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestEntry>;

const manifestOf = (locale: string): Manifest => JSON.parse(readFileSync(join(DIST, `.vite/manifest.${locale}.json`), 'utf8')) as Manifest;
const gz = (file: string) => gzipSync(readFileSync(join(DIST, file))).length / 1024;

/** Every script a chunk needs before it runs: itself and its static imports, all the way down. */
function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const entry = manifest[key]!;
  if (into.has(entry.file)) return into;
  into.add(entry.file);
  for (const k of entry.imports ?? []) closure(manifest, k, into);
  return into;
}
/** A component by name ("Talk"), or a module of shared/ by its path there ("practice/scripts/en"). */
const keyOf = (manifest: Manifest, part: string) =>
  Object.keys(manifest).find((k) => [`components/${part}`, `shared/${part}`].some((p) => k.endsWith(`${p}.svelte`) || k.endsWith(`${p}.ts`)))!;

/** The scripts a page of this build loads to show `screens` (components fetched on demand), and their weight. */
function weigh(locale: string, screens: string[]): { files: Set<string>; kb: number } {
  const manifest = manifestOf(locale);
  const files = closure(manifest, Object.keys(manifest).find((k) => manifest[k]!.isEntry)!);
  for (const screen of screens) closure(manifest, keyOf(manifest, screen.replace('{locale}', locale)), files);
  return { files, kb: [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(f), 0) };
}

const PAGES: Record<string, string[]> = {
  'home page': ['Home'],
  'room: agreement': ['Room', 'Agreement'],
  'room: talk, typed': ['Room', 'TalkScreen'],
  'room: talk, aloud together': ['Room', 'TalkScreen', 'SpokenParts'],
  'room: pause': ['Room', 'PauseScreen'],
  'room: closing': ['Room', 'Closing'],
  'room: summary': ['Room', 'Summary'],
  // Practice fetches its script, in the page's language, as it opens.
  practice: ['Practice', 'practice/scripts/{locale}'],
};
/** Fetched on demand by one kind of talk: printed, not held to the budget. */
const ON_DEMAND: Record<string, string[]> = { 'room: talk on the voice call': ['Room', 'TalkScreen', 'SpokenParts', 'VoiceCall'] };

describe('the production build', () => {
  it(`keeps every page and room screen under ${BUDGET_KB} KB of JavaScript gzipped, in every language`, () => {
    for (const locale of LOCALES) expect(existsSync(join(DIST, `.vite/manifest.${locale}.json`)), 'run `npm run build` first').toBe(true);
    const rows: string[] = [];
    for (const [page, screens] of Object.entries(PAGES)) {
      const kbs = LOCALES.map((locale) => weigh(locale, screens).kb);
      rows.push(`${page}: ${LOCALES.map((l, i) => `${l} ${kbs[i]!.toFixed(1)}`).join(', ')} KB`);
      for (const kb of kbs) expect(kb, page).toBeLessThan(BUDGET_KB);
    }
    for (const [page, screens] of Object.entries(ON_DEMAND))
      rows.push(`${page} (on demand, beside the budget): ${LOCALES.map((l) => `${l} ${weigh(l, screens).kb.toFixed(1)}`).join(', ')} KB`);
    console.log(`JavaScript a page loads, gzipped (budget ${BUDGET_KB} KB):\n  ${rows.join('\n  ')}`);
  });

  it('carries one language in a page: no Spanish in the English build, no English in the Spanish one', () => {
    const room = ['Room', 'Agreement', 'TalkScreen', 'PauseScreen', 'Closing', 'Summary', 'VoiceCall', 'Home', 'Practice', 'practice/scripts/{locale}'];
    const text = (locale: string) => [...weigh(locale, room).files].map((f) => readFileSync(join(DIST, f), 'utf8')).join('\n');
    // One message's words in each language, from each kind of screen.
    expect(text('en')).toContain('Set the frame together, then sign.');
    expect(text('en')).not.toContain('Fijad juntos el marco y luego firmad.');
    expect(text('es')).toContain('Fijad juntos el marco y luego firmad.');
    expect(text('es')).not.toContain('Set the frame together, then sign.');
    // And practice's own script: a scenario's words, which are content, not messages.
    expect(text('en')).toContain('Running late again');
    expect(text('en')).not.toContain('Otra vez tarde');
    expect(text('es')).toContain('Otra vez tarde');
    expect(text('es')).not.toContain('Running late again');
  });

  it('loads the voice call’s code only when a talk is held through the room', () => {
    for (const locale of LOCALES) {
      const upFront = [...weigh(locale, ['Room', 'TalkScreen']).files].map((f) => readFileSync(join(DIST, f), 'utf8'));
      expect(upFront.some((js) => js.includes('RTCPeerConnection'))).toBe(false);
    }
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const call = assets.filter((f) => readFileSync(join(DIST, 'assets', f), 'utf8').includes('RTCPeerConnection'));
    expect(call).toHaveLength(LOCALES.length);
  });
});
