import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { startTalkRoom, type TalkRoomOptions, type TalkRoomServer } from '../../server/app';
import { type Clock, systemClock } from '../../server/clock';
import { CHROMIUM, FLAGS } from '../support/chromium';

export { CHROMIUM, FLAGS };

/** Chromium's fake microphone (a steady beep), allowed without a prompt: for the voice call. */
const VOICE_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** A small phone's screen (360×740): the layout is phone-first. */
export const PHONE = { width: 360, height: 740 };

export interface BrowserSession {
  browser: Browser;
  /** A fresh, isolated person (own storage) on a phone-sized screen. */
  /** `locale` is the browser's language (its `navigator.languages` and `Accept-Language`). */
  person(options?: { bypassCSP?: boolean; viewport?: { width: number; height: number }; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchBrowser(options: { voice?: boolean } = {}): Promise<BrowserSession> {
  // launch() gives Chromium a fresh, empty --user-data-dir of its own (Playwright refuses the flag
  // itself there), and each newContext() is a separate person with separate storage.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: options.voice ? [...FLAGS, ...VOICE_FLAGS] : FLAGS });
  return {
    browser,
    async person(personOptions = {}) {
      const context = await browser.newContext({
        viewport: PHONE,
        deviceScaleFactor: 1,
        hasTouch: true,
        acceptDownloads: true,
        // On the voice call each person has allowed their microphone (the fake one).
        ...(options.voice ? { permissions: ['microphone'] } : {}),
        ...personOptions,
      });
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      await browser.close();
    },
  };
}

/** Screenshots of each phase land here, to look at after a run. */
export const SHOTS = '.tmp/screens';

/**
 * For a browser test file: a real Talk Room server on port 0 and one Chromium, started before the
 * tests and closed after. A file that moves the server's time passes its `ManualClock`. Read `env.server` and `env.browser` inside tests.
 */
export function useServerAndBrowser(
  clock: Clock = systemClock,
  options: { voice?: boolean; server?: () => Promise<Partial<TalkRoomOptions>> } = {},
): { server: TalkRoomServer; browser: BrowserSession } {
  const env = {} as { server: TalkRoomServer; browser: BrowserSession };
  // A whole talk in real browsers takes seconds, and twice that on a busy machine: a test here
  // fails on what it sees, not because the machine was slow.
  vi.setConfig({ testTimeout: 60_000 });
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env.server = await startTalkRoom({ port: 0, ...(await options.server?.()), clock });
    env.browser = await launchBrowser({ voice: options.voice });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const move = (page: Page) => page.getByTestId('move').textContent();

/**
 * Waits for the page to speak `locale` (its `<html lang>`). A language change reloads the page
 * into the other language's build: on a busy machine that took longer than a poll's default
 * second, so the wait is for the page, up to 10 s.
 */
export const speaks = (page: Page, locale: 'en' | 'es') => expect.poll(() => page.getAttribute('html', 'lang'), { timeout: 10_000 }).toBe(locale);

/** Switches the page's language from its menu and waits for the reloaded page. */
export async function switchLanguage(page: Page, locale: 'en' | 'es'): Promise<void> {
  await page.getByTestId('language').selectOption(locale);
  await speaks(page, locale);
}

/** Two partners on their own phones in a new room, the agreement signed with this topic: the talk is on. */
export async function twoPartnersTalking(env: { server: TalkRoomServer; browser: BrowserSession }, topic: string) {
  const [a, b] = [await env.browser.person(), await env.browser.person()];
  await a.page.goto(env.server.url);
  await button(a.page, 'Create a room').click();
  const [la, lb] = await Promise.all(['A', 'B'].map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
  await a.page.goto(la!);
  await b.page.goto(lb!);
  await a.page.getByLabel("Today's topic").fill(topic);
  await button(a.page, 'Save topic').click();
  await button(a.page, 'Sign the agreement').click();
  await button(b.page, 'Sign the agreement').click();
  return [a, b] as const;
}

/**
 * On the agreement screen, with the topic already set: A chooses to hold the talk aloud, together,
 * B sees it, and both sign. It returns once it is A's turn to speak.
 */
export async function signAloudTogether(a: Page, b: Page): Promise<void> {
  await a.getByText('Change these').click();
  await a.getByLabel('How we talk').selectOption('together');
  await expect.poll(() => b.getByTestId('settings-summary').textContent()).toMatch(/^Aloud, together/);
  await button(a, 'Sign the agreement').click();
  await button(b, 'Sign the agreement').click();
  await expect.poll(() => move(a)).toBe("Your turn — say what's on your mind.");
}

/**
 * Puts a page in the background (`document.visibilityState` reads "hidden", `visibilitychange`
 * fires; its scripts and socket keep running) or brings it back. Headless Chromium does hide a
 * minimized window, but Playwright emulates focus on every page so that it never does; only
 * Playwright's own CDP session can turn that off, which takes its internals (playwright-core
 * 1.65, in this process). Hidden pages draw no frames: read them with `evaluate`, not screenshots.
 */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  type Internal = { _connection: { toImpl?: (p: Page) => { delegate: { _mainFrameSession: { _client: { send(m: string, p: object): Promise<unknown> } } } } } };
  const impl = (page as unknown as Internal)._connection.toImpl?.(page);
  if (!impl) throw new Error('setHidden needs playwright-core running in this process');
  const own = impl.delegate._mainFrameSession._client;
  const cdp = await page.context().newCDPSession(page);
  try {
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    if (hidden) {
      await own.send('Emulation.setFocusEmulationEnabled', { enabled: false });
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
    } else {
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
      await own.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  await page.waitForFunction((state) => document.visibilityState === state, hidden ? 'hidden' : 'visible', { polling: 50, timeout: 5000 });
}
