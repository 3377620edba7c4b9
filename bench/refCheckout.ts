/**
 * Another commit of Talk Room's server and bench, for a comparison in the same run
 * (`BENCH_BASELINE_REF=<git ref>`): e.g. the commit before sealing, to measure what sealing
 * costs against the relay on the same machine in the same minutes. Extracted with `git archive`
 * into `.tmp/bench-ref/<commit>/`, sharing this checkout's node_modules; it runs its own
 * `bench/sut.ts` and `bench/loadGen.ts`, so each side speaks its own protocol.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bench folder of `ref`'s checkout (made once per commit), and its short name. */
export function checkoutRef(ref: string): { benchDir: string; name: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = `${ROOT}.tmp/bench-ref/${commit}`;
  if (!existsSync(`${dir}/bench/sut.ts`)) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit, 'bench', 'server', 'shared', 'client/src/lib', 'package.json', 'tsconfig.json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(`${ROOT}node_modules`, `${dir}/node_modules`);
    // A commit that speaks through the message catalog needs it compiled, as its own build would.
    if (existsSync(`${dir}/shared/i18n/compile.ts`)) execFileSync(process.execPath, ['--import', 'tsx', 'shared/i18n/compile.ts'], { cwd: dir, stdio: 'ignore' });
  }
  const short = commit.slice(0, 7);
  return { benchDir: `${dir}/bench`, name: commit.startsWith(ref) ? short : `${ref} (${short})` };
}
