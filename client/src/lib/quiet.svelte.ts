/**
 * The quiet setting: when on, the room makes no sound and no vibration. Kept on this device.
 * When off, a soft tone and a short vibration say "it is your move" — nothing more.
 */
const KEY = 'talkroom:quiet';

class QuietSetting {
  #on = $state(readQuiet());

  get on(): boolean {
    return this.#on;
  }

  toggle(): void {
    this.#on = !this.#on;
    try {
      localStorage.setItem(KEY, this.#on ? '1' : '0');
    } catch {
      // Not remembered, but still in force for this page.
    }
  }

  /** A gentle signal that it is this person's move; silent when quiet is on. */
  nudge(): void {
    if (this.#on) return;
    navigator.vibrate?.(60);
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 528;
      gain.gain.setValueAtTime(0.04, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.6);
      osc.onended = () => void ctx.close();
    } catch {
      // No audio here; the screen still says whose move it is.
    }
  }
}

function readQuiet(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const quiet = new QuietSetting();
