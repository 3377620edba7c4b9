import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compile } from '@inlang/paraglide-js';

/**
 * Compiles the message files (`shared/i18n/messages/<area>/<locale>.json`) with Paraglide JS into
 * one module per message (`shared/i18n/paraglide/messages/<key>.js`, every language in it), with
 * type declarations: `m.key(inputs)` in this page's language, or `m.key(inputs, { locale })`.
 *
 * The client is built once per language (`client/build.ts`); each build keeps only its language
 * of each message (`vite.config.ts`), and each message goes with the screen that says it, so a
 * page carries one language and only the messages of what it shows.
 * Also written here: the phrasebooks, `paraglide/phrasebook-moves.js` and `-problems.js`, the
 * messages of those areas, which shared code names by key (`Phrase`) and a page renders by key.
 *
 * Run by `npm run i18n`, which the build, the type check, the server's start and the tests call.
 */
const root = new URL('.', import.meta.url).pathname;
const out = `${root}paraglide`;
/** The areas whose messages shared code names by key. */
const PHRASE_AREAS = ['moves', 'problems'];

await compile({
  project: `${root}project.inlang`,
  outdir: out,
  outputStructure: 'message-modules',
  emitTsDeclarations: true,
  emitReadme: false,
  emitPrettierIgnore: false,
  includeEslintDisableComment: false,
});

// One phrasebook per area of phrases: a page loads the moves with the room and the problems
// (refusals, errors) when it first has one to say.
for (const area of PHRASE_AREAS) {
  const keys = Object.keys(JSON.parse(readFileSync(`${root}messages/${area}/en.json`, 'utf8')) as object).sort();
  const source = `// Written by shared/i18n/compile.ts: the messages of the ${area} area, which shared code names by key.\nexport { ${keys.join(', ')} } from './messages/_index.js';\n`;
  writeFileSync(`${out}/phrasebook-${area}.js`, source);
  writeFileSync(`${out}/phrasebook-${area}.d.ts`, source);
}
// Every area on disk is compiled: an area missing from the project settings would be silently left out.
const settings = readFileSync(`${root}project.inlang/settings.json`, 'utf8');
for (const area of readdirSync(`${root}messages`)) {
  if (!settings.includes(`./messages/${area}/{locale}.json`)) throw new Error(`Add messages/${area} to project.inlang/settings.json.`);
}

// The inlang SDK leaves a timer running for about 30 s after compiling; nothing is pending.
process.exit(0);
