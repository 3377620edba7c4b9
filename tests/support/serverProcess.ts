import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './redisServer';

export interface ServerProcess {
  url: string;
  port: number;
  /** Kills the process at once, as a crash or `kill -9` would: no cleanup runs. */
  kill(): Promise<void>;
}

/** Starts `server/main.ts` in a real child process and waits for it to say where it listens. */
export async function startServerProcess(env: { REDIS_URL: string; PORT?: number }): Promise<ServerProcess> {
  const port = env.PORT ?? (await freePort());
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, REDIS_URL: env.REDIS_URL, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Talk Room is running')) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-500)}`)));
  });
  proc.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
