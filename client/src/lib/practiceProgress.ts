/** Which scenarios this person has practised: kept on this device only, never sent. */
const KEY = 'talkroom:practice:done';

export function practicedScenarios(): string[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

export function markPracticed(id: string): void {
  try {
    const done = new Set(practicedScenarios()).add(id);
    localStorage.setItem(KEY, JSON.stringify([...done]));
  } catch {
    // Private mode or full storage: practice still works, it just is not remembered.
  }
}
