/**
 * Drafts live on this device only (localStorage), per room, seat and field, so a reload or a
 * dropped connection never loses what someone typed. A draft is cleared only when the server
 * has accepted what it sent; a refusal keeps it.
 */
const key = (roomId: string, seat: string, field: string) => `talkroom:draft:${roomId}:${seat}:${field}`;

export function loadDraft(roomId: string, seat: string, field: string): string {
  try {
    return localStorage.getItem(key(roomId, seat, field)) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(roomId: string, seat: string, field: string, text: string): void {
  try {
    if (text) localStorage.setItem(key(roomId, seat, field), text);
    else localStorage.removeItem(key(roomId, seat, field));
  } catch {
    // Storage can be full or blocked (private mode); the draft still lives in the page.
  }
}
