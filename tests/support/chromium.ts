/** Debian's Chromium, as CI installs it; Playwright's own browser downloads are not available here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every Chromium the project starts runs with (browser tests and the page benchmarks), with a fresh user-data-dir each time. */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
