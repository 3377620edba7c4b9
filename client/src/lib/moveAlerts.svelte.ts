import * as m from '$messages';
import { quiet } from './quiet.svelte';

/**
 * Telling a person it has become their move while the page is hidden (another tab, the phone
 * locked): the tab's title changes, and a system notification if they opted in (the room's soft
 * nudge, sound and vibration unless Quiet is on, comes with every new move anyway). Nothing of the talk is in any of it: the words stay in the room.
 * Back on the page, everything returns to normal.
 */
const KEY = 'talkroom:alerts';

const supported = () => typeof Notification !== 'undefined';

class MoveAlerts {
  /** The person asked for notifications here, and the browser allows them. */
  #on = $state(readOn());
  #waiting = false;
  /** An alert is showing (title, maybe a notification): the only time there is anything to clear. */
  #alerted = false;
  /** The title this alert put up (in the person's language at that moment), to know it is still ours. */
  #title = '';
  #shown: Notification | null = null;

  constructor() {
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', () => this.#visibility());
  }

  get supported(): boolean {
    return supported();
  }

  get on(): boolean {
    return this.#on;
  }

  /** Asked only from the person's own control, never on load. */
  async toggle(): Promise<void> {
    if (this.#on) return this.#store(false);
    if (!supported()) return;
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    this.#store(permission === 'granted');
  }

  #store(on: boolean): void {
    this.#on = on;
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      // Not remembered, but in force for this page.
    }
  }

  /** Whether the room waits on this person now (their move, or a proposal for them to answer). */
  set waiting(waiting: boolean) {
    const began = waiting && !this.#waiting;
    this.#waiting = waiting;
    if (!waiting) this.#clear();
    else if (began && document.visibilityState === 'hidden') this.#alert();
  }

  #alert(): void {
    this.#alerted = true;
    this.#title = document.title = m.alert_title();
    if (!this.#on || !supported() || Notification.permission !== 'granted') return;
    // The same words whatever happened: a notification shows on a lock screen.
    const title = m.alert_notification_title();
    const options: NotificationOptions = { body: m.alert_notification_body(), tag: 'talkroom-move', silent: quiet.on };
    try {
      this.#shown?.close();
      this.#shown = new Notification(title, options);
      this.#shown.onclick = () => {
        window.focus();
        this.#shown?.close();
      };
    } catch {
      // Android's Chrome notifies only through the service worker; the title says it meanwhile.
      void navigator.serviceWorker?.ready.then((reg) => reg.showNotification(title, options)).catch(() => undefined);
    }
  }

  /** Runs on every change of the room while nothing waits on this person: cheap unless an alert is up. */
  #clear(): void {
    if (!this.#alerted) return;
    this.#alerted = false;
    if (document.title === this.#title) document.title = m.brand();
    this.#shown?.close();
    this.#shown = null;
    void navigator.serviceWorker?.getRegistration().then((reg) => reg?.getNotifications({ tag: 'talkroom-move' }).then((ns) => ns.forEach((n) => n.close()))).catch(() => undefined);
  }

  #visibility(): void {
    // Leaving the page during one's own move is no news to them: only a move that begins while away alerts.
    if (document.visibilityState === 'visible') this.#clear();
  }
}

function readOn(): boolean {
  try {
    return supported() && Notification.permission === 'granted' && localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const moveAlerts = new MoveAlerts();
