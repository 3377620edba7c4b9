import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './redisServer';

export interface ServerProcess {
  url: string;
  port: number;
  /** The process's id, for what the system says about it (its CPU time, whether it answers). */
  pid: number;
  /** Everything the process has written to stdout and stderr so far: its log. */
  log(): string;
  /** Whether the process is still running (it has not exited or been killed). */
  running(): boolean;
  /** Kills the process at once, as a crash or `kill -9` would: no cleanup runs. */
  kill(): Promise<void>;
}

/** Starts `server/main.ts` in a real child process and waits for it to say where it listens. */
export async function startServerProcess(env: { REDIS_URL?: string; REDIS_CLUSTER?: string; PORT?: number; [name: string]: string | number | undefined }): Promise<ServerProcess> {
  const port = env.PORT ?? (await freePort());
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', () => {
      if (out.includes('Talk Room is running')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-500)}`)));
  });
  proc.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid!,
    log: () => out,
    running: () => proc.exitCode === null && proc.signalCode === null,
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
