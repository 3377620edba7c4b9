import { execFileSync } from 'node:child_process';

/**
 * Vitest's global setup: the message catalog compiled from its sources before any test imports
 * it (shared code and the server read `shared/i18n/paraglide/`), so a test run never reads a
 * stale or missing one.
 */
export default function compileMessages(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'shared/i18n/compile.ts'], { stdio: 'inherit' });
}
