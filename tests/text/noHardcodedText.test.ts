import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every word the interface shows comes from the message catalog, so it is said in every language
 * the app speaks. This reads every component and every client module and fails on text a person
 * would read that is written in the code instead: text in a template, a readable attribute
 * (`aria-label`, `title`, `placeholder`, a `…label` or `consequence` prop) or a string that looks
 * like words ("Send", "Your turn"). Names of languages in their own language are not translated
 * and live in `shared/i18n/locales.ts`.
 */
const CLIENT = 'client/src';
const READABLE_ATTRIBUTES = /^(aria-label|aria-description|aria-roledescription|title|placeholder|alt|label|\w*Label|consequence)$/;
/** A string a person would read: a capitalized word, or two words with a space between. */
const WORDS = /^[A-Z][a-z]{2,}|[A-Za-z]{2,}[.,;:!?…’']?\s+[A-Za-z]{2,}/;
/** Words that are code, not text: keyboard keys a handler compares `event.key` with. */
const CODE_WORDS = new Set(['Enter', 'Escape', 'Tab']);
/** A name in code (`UnreadableError`, `WebSocket`): one word with capitals inside, never shown. */
const IDENTIFIER = /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/;
const readable = (text: string) => WORDS.test(text) && !CODE_WORDS.has(text) && !IDENTIFIER.test(text);
/** Text in a template may only be punctuation and spacing (" · ", " — ", "✓"). */
const LETTERS = /\p{L}/u;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), ext) : ext.test(d.name) ? [join(dir, d.name)] : []));
}

type Node = { type?: string; [key: string]: unknown };

/** What a Svelte component shows or says in words of its own. */
function svelteText(source: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, inAttribute: string | null, parentKey: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inAttribute, parentKey));
    const n = node as Node;
    if (n.type === 'Text' && typeof n.data === 'string') {
      if (inAttribute === null ? LETTERS.test(n.data) : READABLE_ATTRIBUTES.test(inAttribute) && LETTERS.test(n.data)) found.push(n.data.trim());
      return;
    }
    if (n.type === 'Literal' && typeof n.value === 'string' && parentKey !== 'source' && readable(n.value)) found.push(n.value);
    if (n.type === 'TemplateElement' && readable((n.value as { cooked: string }).cooked)) found.push((n.value as { cooked: string }).cooked);
    if (n.type === 'Comment') return;
    const attribute = n.type === 'Attribute' ? (n.name as string) : inAttribute;
    for (const [key, child] of Object.entries(n)) if (key !== 'parent' && key !== 'leadingComments' && key !== 'trailingComments') walk(child, attribute, key);
  };
  const ast = parse(source, { modern: true }) as unknown as Node;
  walk(ast.fragment, null, 'fragment');
  walk(ast.instance, null, 'instance');
  walk(ast.module, null, 'module');
  return found;
}

/** What a client module says in words of its own (string literals that read as words; imports and comments aside). */
function moduleText(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    // An error's own message is for whoever reads the code or the console, never shown.
    if ((ts.isNewExpression(node) && /Error$/.test(node.expression.getText())) || (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword)) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && readable(node.text))
      found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the interface', () => {
  const components = files(CLIENT, /\.svelte$/);
  const modules = files(CLIENT, /\.ts$/).filter((f) => !f.endsWith('.d.ts'));

  it.each(components)('says nothing in %s that is not from the message catalog', (path) => {
    expect(svelteText(readFileSync(path, 'utf8'))).toEqual([]);
  });

  it.each(modules)('says nothing in %s that is not from the message catalog', (path) => {
    expect(moduleText(path, readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('finds English written into a component or a module (the check itself can fail)', () => {
    expect(svelteText('<button onclick={go}>Send it</button>')).toEqual(['Send it']);
    expect(svelteText('<input placeholder="Your first name" class="wide" />')).toEqual(['Your first name']);
    expect(svelteText('<ConfirmButton confirmLabel="Yes, end it" />')).toEqual(['Yes, end it']);
    expect(svelteText("<script>const label = 'Your turn';</script>")).toEqual(['Your turn']);
    expect(svelteText('<p>{ready ? `You are ready` : m.not_yet()}</p>')).toEqual(['You are ready']);
    expect(moduleText('x.ts', "const e = { message: 'The room could not be reached.' };")).toEqual(['The room could not be reached.']);
    expect(svelteText('<p class="hint" data-testid="x">{m.hint()} · {m.other()}</p>')).toEqual([]);
    expect(svelteText("<button onkeydown={(e) => e.key === 'Enter' && go()}>{m.go()}</button>")).toEqual([]);
    expect(moduleText('x.ts', "import a from 'Some Module'; const key = 'talkroom:draft:'; // A comment in English")).toEqual([]);
    expect(moduleText('x.ts', "throw new SealError('A sealed text did not open.');")).toEqual([]);
    expect(moduleText('x.ts', "this.name = 'UnreadableError'; const label = 'Undo';")).toEqual(['Undo']);
  });
});
