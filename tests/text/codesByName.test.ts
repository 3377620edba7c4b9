import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RefusalCode } from '../../shared/conversation';
import { NoticeCode, WireErrorCode } from '../../shared/protocol';

/**
 * The page names a wire code through the protocol's constants (`WireErrorCode.NoSeat`,
 * `RefusalCode.NotNow`), never as a bare string: a code renamed in `shared/` then breaks the
 * type check instead of silently never matching.
 */
const CODES = new Set<string>([...Object.values(RefusalCode), ...Object.values(WireErrorCode), ...Object.values(NoticeCode)]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(svelte|ts)$/.test(d.name) ? [join(dir, d.name)] : []));
}

describe('the page', () => {
  it.each(files('client/src'))('names wire codes by their constants in %s', (path) => {
    // A code compared with (`error?.code === 'not_now'`) or given (`{ code: 'no_seat' }`) as a string.
    const quoted = [...readFileSync(path, 'utf8').matchAll(/\bcode\s*(?:[!=]==?|:)\s*['"`]([a-z_]+)['"`]/g)].map((m) => m[1]!);
    expect(quoted.filter((s) => CODES.has(s))).toEqual([]);
  });
});
