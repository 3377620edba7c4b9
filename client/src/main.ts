import { mount } from 'svelte';
import App from './App.svelte';
import { lang } from './lib/language.svelte';
// The text size chosen on this device, before the first paint of any screen.
import './lib/textSize.svelte';
import './styles.css';

mount(App, { target: document.getElementById('app')! });
// Once the page is up: the words for a refusal or an error, so one is never waited for.
setTimeout(() => void lang.prefetchProblems(), 0);

// Installable, and the start page and practice work offline once the app has loaded once.
// It is told this page's language, for the page it shows offline.
if ('serviceWorker' in navigator)
  void navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((sw) => sw.active?.postMessage({ locale: lang.locale }))
    .catch(() => undefined);
