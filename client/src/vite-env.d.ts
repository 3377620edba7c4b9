/// <reference types="vite/client" />

/** The language this build of the client speaks (each language is built on its own: `client/build.ts`). */
declare const __TALKROOM_LOCALE__: import('../../shared/i18n/locales').Locale;
