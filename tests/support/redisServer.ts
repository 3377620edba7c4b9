import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  url: string;
  /** The redis-server's process id (the benchmark reads its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * The environment for a helper program, without libfaketime: CI runs tiers again under
 * `faketime` to prove they do not depend on the date, and redis-server dies in libfaketime's
 * init (a clash with jemalloc). Redis keeps real time; the stores set TTLs relative to their clock.
 */
export function withoutFakeTime(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'LD_PRELOAD' || k.startsWith('FAKETIME')) delete env[k];
  return env;
}

/** A real redis-server (Debian's), on its own port, with no persistence: started fresh for a test file. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withoutFakeTime(),
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-300)}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: proc.pid!,
    stop: () =>
      new Promise((resolve) => {
        proc.removeAllListeners('exit');
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
