import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Cutting one person's network in a test, for real: Chromium's offline emulation does not touch
 * WebRTC (checked here: the sound kept flowing), so the person's page and their call both go
 * through relays on loopback that the test can cut and restore.
 */

const STUN_COOKIE = 0x2112a442;
const USERNAME = 0x0006;

/** The USERNAME of a STUN/TURN message (an authenticated Allocate carries it), or null. */
function stunUsername(msg: Buffer): string | null {
  if (msg.length < 20 || (msg[0]! & 0xc0) !== 0 || msg.readUInt32BE(4) !== STUN_COOKIE) return null;
  const end = Math.min(msg.length, 20 + msg.readUInt16BE(2));
  for (let at = 20; at + 4 <= end; ) {
    const type = msg.readUInt16BE(at);
    const len = msg.readUInt16BE(at + 2);
    if (type === USERNAME) return msg.toString('utf8', at + 4, at + 4 + len);
    at += 4 + Math.ceil(len / 4) * 4;
  }
  return null;
}

/**
 * A UDP relay in front of a TURN server. Each browser's TURN traffic comes from its own ports; the
 * TURN username the Talk Room server minted for it (`<expiry>:seatB`) says whose they are, so
 * `cut('B')` drops exactly B's packets, both ways, until `restore()`.
 */
export async function turnRelay(turnPort: number) {
  const front = dgram.createSocket('udp4');
  const clients = new Map<string, { up: dgram.Socket; seat: string | null }>();
  let cut: string | null = null;
  const isCut = (c: { seat: string | null }) => cut !== null && c.seat === cut;
  front.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let c = clients.get(key);
    if (!c) {
      const up = dgram.createSocket('udp4');
      up.bind(0, '127.0.0.1');
      const client: { up: dgram.Socket; seat: string | null } = { up, seat: null };
      up.on('message', (reply) => {
        if (!isCut(client)) front.send(reply, from.port, from.address);
      });
      clients.set(key, (c = client));
    }
    c.seat ??= stunUsername(msg)?.match(/:seat([ABM])$/)?.[1] ?? null;
    if (!isCut(c)) c.up.send(msg, turnPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  return {
    port: front.address().port,
    /** Which seats' TURN traffic has passed here. */
    seats: () => new Set([...clients.values()].map((c) => c.seat).filter(Boolean)),
    cut: (seat: string) => void (cut = seat),
    restore: () => void (cut = null),
    close() {
      for (const c of clients.values()) c.up.close();
      front.close();
    },
  };
}

/**
 * A TCP relay in front of the Talk Room server, for one person's page and socket: `cut()` drops
 * every connection through it and refuses new ones until `restore()`.
 */
export async function tcpRelay(targetPort: number) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((inbound) => {
    if (cut) return void inbound.destroy();
    const outbound = net.connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      cut = true;
      for (const s of open) s.destroy();
    },
    restore: () => void (cut = false),
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
