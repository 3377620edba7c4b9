/**
 * The seat links of a room this device created, so the person who created it can still send the
 * others their links after opening their own seat (the server keeps only hashes of the keys and
 * cannot show them again). Kept on this device only, and forgotten with the rest of the room (`forgetRoom`) on "leave now" and when it is deleted.
 */
import type { CreateRoomResponse } from '../../../shared/protocol';
import { forgetRoom } from './forgetRoom';

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

/**
 * The links this tab's start page shows, in sessionStorage (`talkroom:home:<roomId>`), so a reload
 * (a language switch reloads into the other language's build) shows them again instead of a blank
 * form. sessionStorage dies with the tab, and `forgetRoom` clears it with the rest of the room.
 */
const shownKey = (roomId: string) => `talkroom:home:${roomId}`;

export function showLinks(created: CreateRoomResponse): void {
  try {
    sessionStorage.setItem(shownKey(created.roomId), JSON.stringify(created));
  } catch {
    // Storage blocked: a reload shows the form again; the links were shown once.
  }
}

/** The start page left for a seat or practice: going back to it offers a new room, as before. */
export function hideLinks(roomId: string): void {
  try {
    sessionStorage.removeItem(shownKey(roomId));
  } catch {
    // Nothing was kept.
  }
}

/**
 * The links this tab showed before it reloaded, if the room is still this device's: a room left or
 * deleted in another tab has had its links forgotten from localStorage (`forgetRoom`), and then
 * this tab forgets it too.
 */
export function shownLinks(): CreateRoomResponse | null {
  try {
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i);
      if (!k?.startsWith('talkroom:home:')) continue;
      const created = JSON.parse(sessionStorage.getItem(k)!) as CreateRoomResponse;
      if (recallLinks(created.roomId)) return created;
      forgetRoom(created.roomId);
      return null;
    }
  } catch {
    // Storage blocked or unreadable: the form, as on a first visit.
  }
  return null;
}

/**
 * Calls `then` (and forgets the room in this tab too) when another tab of this device forgets the
 * room: deleted or left there, nothing of it may stay here. Returns the function that stops watching.
 */
export function whenForgotten(roomId: string, then: () => void): () => void {
  const check = () => {
    if (recallLinks(roomId)) return;
    forgetRoom(roomId);
    then();
  };
  addEventListener('storage', check);
  return () => removeEventListener('storage', check);
}
