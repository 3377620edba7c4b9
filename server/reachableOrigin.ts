import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The origin other devices on the network can open, for a server listening on every address
 * (`HOST=0.0.0.0`): its first non-internal IPv4 address. Without this, a room created from the
 * computer's own browser (at localhost) handed out links and QR codes saying "localhost", which
 * no phone can open. Null when the server listens on one address only, or there is no network.
 */
export function reachableOrigin(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string | null {
  if (host !== '0.0.0.0' && host !== '::') return null;
  for (const list of Object.values(interfaces))
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return `http://${i.address}:${port}`;
  return null;
}
