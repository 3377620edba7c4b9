/** The languages the app speaks. The first is the one every message is written in first, and the fallback. */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The app's language for a browser's preferences (`navigator.languages`, most wanted first):
 * the first one we speak, matched on its primary subtag ("es-MX" is Spanish), else English.
 */
export function pickLocale(preferences: readonly string[]): Locale {
  for (const tag of preferences) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return BASE_LOCALE;
}

/** Each language's own name for itself, as a language switch offers it (never translated). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', es: 'Español' };

/** The cookie that remembers a language chosen on this device; the server reads it to send that language's build. */
export const LOCALE_COOKIE = 'talkroom-lang';
