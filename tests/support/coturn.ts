import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port free on loopback right now, for a server that will bind it itself. */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  s.close();
  return port;
}

export interface Coturn {
  port: number;
  /** coturn's `static-auth-secret`: the Talk Room server mints TURN credentials from it (TURN_SECRET). */
  secret: string;
  stop(): Promise<void>;
}

/**
 * A real TURN server (Debian's coturn) on loopback, with the REST-API shared secret, as the README
 * tells an operator to run it, with a relay port range of its own and its files in a temporary
 * directory. Resolves when coturn logs that it listens.
 */
export async function startCoturn(): Promise<Coturn> {
  const port = await freeUdpPort();
  const secret = randomBytes(16).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const minPort = 40000 + Math.floor(Math.random() * 200) * 100;
  const args = [
    '-n', '-v', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 99}`, '--use-auth-secret', `--static-auth-secret=${secret}`,
    '--realm=talkroom', '--no-tls', '--no-dtls', '--no-cli', '--no-tcp-relay',
    // Both browsers are on this machine: their relayed addresses are loopback ones.
    '--allow-loopback-peers', '--log-file=stdout', '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`, `--userdb=${join(dir, 'turndb')}`,
  ];
  const proc: ChildProcess = spawn('/usr/bin/turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes(`UDP listener opened on: 127.0.0.1:${port}`)) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`turnserver exited (${code}) before listening:\n${log.slice(-2000)}`)));
  });
  return {
    port,
    secret,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
