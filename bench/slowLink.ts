/**
 * A loopback TCP proxy that gives WebSocket frames a mobile network's latency. Chromium's network
 * emulation (`Network.emulateNetworkConditions`) delays each HTTP request and a WebSocket's opening
 * handshake, but not the frames that follow (crbug.com/563644; in Chromium 156 a frame's round trip
 * on a "Slow 4G" page stayed at ~16 ms), and frames are what a statement travels in. So each
 * connection through here passes its HTTP untouched (the browser's emulation already slowed it)
 * and, from the server's `101 Switching Protocols` on, holds every chunk for half the profile's
 * latency in each direction and for its size at the profile's throughput, in order.
 */
import { createServer, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LinkProfile {
  /** Round-trip latency in ms (DevTools' `latency`): each direction gets half. */
  latency: number;
  /** Bytes per second, server to browser and browser to server. */
  downloadThroughput: number;
  uploadThroughput: number;
}

/** One direction of a connection: chunks leave in order, each after the latency and its turn on the wire. */
function delayedPipe(from: Socket, to: Socket, oneWayMs: number, bytesPerSecond: number, slow: () => boolean): void {
  let wireFreeAt = 0;
  from.on('data', (chunk: Buffer) => {
    if (!slow()) {
      to.write(chunk);
      return;
    }
    const now = performance.now();
    wireFreeAt = Math.max(wireFreeAt, now) + (chunk.length / bytesPerSecond) * 1000;
    setTimeout(() => to.write(chunk), wireFreeAt + oneWayMs - now);
  });
  from.on('end', () => to.end());
}

/** Starts the proxy in front of `target` (an http:// origin); its own origin is `url`. */
export async function startSlowLink(target: string, profile: LinkProfile): Promise<{ url: string; close(): void }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((browserSide) => {
    const serverSide = connect(Number(port), hostname);
    let upgraded = false;
    for (const s of [browserSide, serverSide]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => { browserSide.destroy(); serverSide.destroy(); });
      s.on('close', () => sockets.delete(s));
    }
    const slow = () => upgraded;
    delayedPipe(browserSide, serverSide, profile.latency / 2, profile.uploadThroughput, slow);
    delayedPipe(serverSide, browserSide, profile.latency / 2, profile.downloadThroughput, slow);
    // Registered after the pipe, so the 101 itself passes at once (the handshake's latency is the
    // browser's emulation's) and only what follows it is held.
    serverSide.once('data', (first: Buffer) => {
      upgraded = first.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101';
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
