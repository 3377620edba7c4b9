// Talk Room's service worker. It keeps the app shell (the page, its scripts and styles, the icons
// and the manifest) so the start page and practice open offline and the app can be installed.
// It never caches a room: no API answer, no socket traffic, nothing a person wrote. The build
// fills in PRECACHE (every file of every language's build), VERSION (a hash of all of them) and
// LOCALES; see client/build.ts.
const PRECACHE = self.__PRECACHE__;
const CACHE = `talkroom-shell-${self.__VERSION__}`;
const LOCALES = self.__LOCALES__;

/**
 * The language of the last page this worker served, as the page told it (see the message
 * listener): kept in a cache of its own, which no new version of the shell clears.
 */
const LOCALE_CACHE = 'talkroom-locale';
const LOCALE_URL = '/talkroom-locale';

async function lastLocale() {
  try {
    const hit = await caches.match(LOCALE_URL, { cacheName: LOCALE_CACHE });
    return hit ? await hit.text() : null;
  } catch {
    return null;
  }
}

/**
 * The page of the person's language, for when the network is gone: the language the page last
 * spoke (chosen on this device or not; a worker cannot read the cookie in every browser), else
 * the browser's preference as its request says it.
 */
async function offlinePage(request) {
  const accepted = (request.headers.get('accept-language') ?? '').split(',').map((part) => part.split(';')[0].trim());
  const preferred = [await lastLocale(), ...accepted, ...(self.navigator.languages ?? [])].map((tag) => tag && tag.toLowerCase().split('-')[0]);
  const locale = preferred.find((l) => LOCALES.includes(l)) ?? LOCALES[0];
  return caches.match(`/index.${locale}.html`, { cacheName: CACHE });
}

// Each page says which language it speaks (client/src/main.ts), so the offline page speaks it too.
self.addEventListener('message', (event) => {
  const locale = event.data?.locale;
  if (!LOCALES.includes(locale)) return;
  event.waitUntil(caches.open(LOCALE_CACHE).then((cache) => cache.put(LOCALE_URL, new Response(locale))));
});

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Straight from the network, past any HTTP cache: the shell must match this version.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // Old shells go; the remembered language stays.
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE && k !== LOCALE_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api') || url.pathname.startsWith('/socket.io')) return;
  if (event.request.mode === 'navigate') {
    // Network first, so a new version is picked up; the cached shell when offline. Every page of
    // the app is the same shell (a seat's link keeps its room in the fragment, never sent).
    event.respondWith(fetch(event.request).catch(() => offlinePage(event.request)));
    return;
  }
  // The shell's own files: from the cache, else the network (and nothing new is stored).
  event.respondWith(caches.match(event.request, { cacheName: CACHE }).then((hit) => hit ?? fetch(event.request)));
});

// A tap on a "your move" notification (shown through this worker where the page cannot show one)
// brings the app's window to the front.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => (windows[0] ? windows[0].focus() : self.clients.openWindow('/'))),
  );
});
