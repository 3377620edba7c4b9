// Talk Room's service worker. It keeps the app shell (the page, its scripts and styles, the icons
// and the manifest) so the start page and practice open offline and the app can be installed.
// It never caches a room: no API answer, no socket traffic, nothing a person wrote. The build
// fills in PRECACHE (every file of every language's build), VERSION (a hash of all of them) and
// LOCALES; see client/build.ts.
const PRECACHE = self.__PRECACHE__;
const CACHE = `talkroom-shell-${self.__VERSION__}`;
const LOCALES = self.__LOCALES__;

/**
 * The page of the person's language, for when the network is gone: the one chosen on this device
 * (the cookie the server reads, where the worker can read it), else the browser's first we speak.
 */
async function offlinePage() {
  let chosen = null;
  try {
    chosen = (await self.cookieStore?.get('talkroom-lang'))?.value ?? null;
  } catch {
    // No cookie store here: follow the browser.
  }
  const preferred = [chosen, ...(self.navigator.languages ?? [])].map((tag) => tag && tag.toLowerCase().split('-')[0]);
  const locale = preferred.find((l) => LOCALES.includes(l)) ?? LOCALES[0];
  return caches.match(`/index.${locale}.html`, { cacheName: CACHE });
}

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
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
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
    event.respondWith(fetch(event.request).catch(() => offlinePage()));
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
