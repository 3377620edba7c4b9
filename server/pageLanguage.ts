import { BASE_LOCALE, isLocale, type Locale, LOCALE_COOKIE, pickLocale } from '../shared/i18n/locales';

/**
 * Which language's page to send: the one chosen on this device (the language switch's cookie),
 * else the browser's preferences (`Accept-Language`, by weight), else English.
 */
export function pageLocale(cookieHeader: string | undefined, acceptLanguage: string | undefined): Locale {
  const chosen = cookieHeader
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  if (isLocale(chosen)) return chosen;
  return acceptLanguage ? pickLocale(byWeight(acceptLanguage)) : BASE_LOCALE;
}

/** `es-ES,es;q=0.9,en;q=0.8` as tags, most wanted first (a tag weighed 0 is not wanted). */
function byWeight(header: string): string[] {
  return header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), weight: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((t) => t.tag && t.tag !== '*' && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map((t) => t.tag);
}
