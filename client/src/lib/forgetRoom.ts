/**
 * Everything this device keeps of one room is under a key `talkroom:<kind>:<roomId>…` (drafts,
 * the links it created, the links a tab's start page shows, whether this tab was on the call).
 * Forgetting the room removes all of it, from both storages; other rooms and the device's own
 * settings stay.
 */
export function forgetRoom(roomId: string): void {
  const mine = (key: string) => key.startsWith('talkroom:') && key.split(':')[2] === roomId;
  for (const storage of storages()) {
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => k !== null && mine(k));
    for (const k of keys) storage.removeItem(k);
  }
}

function storages(): Storage[] {
  try {
    return [localStorage, sessionStorage];
  } catch {
    return []; // storage blocked: nothing was kept
  }
}
