/**
 * The seat links of a room this device created, so the person who created it can still send the
 * others their links after opening their own seat (the server keeps only hashes of the keys and
 * cannot show them again). Kept on this device only, and forgotten with the rest of the room (`forgetRoom`) on "leave now" and when it is deleted.
 */
const key = (roomId: string) => `talkroom:links:${roomId}`;

export type InviteLinks = Partial<Record<'A' | 'B' | 'M', string>>;

export function rememberLinks(roomId: string, links: InviteLinks): void {
  try {
    localStorage.setItem(key(roomId), JSON.stringify(links));
  } catch {
    // Storage blocked: the links stay on the page that created them.
  }
}

export function recallLinks(roomId: string): InviteLinks | null {
  try {
    const raw = localStorage.getItem(key(roomId));
    return raw ? (JSON.parse(raw) as InviteLinks) : null;
  } catch {
    return null;
  }
}
