/**
 * Page load as Lighthouse 12 sees it on a mid-range phone: the home page and a seat's room page of
 * the built app, served by our own server, in each language. Lighthouse's mobile preset (the
 * default: a 412×823 phone screen, simulated Slow 4G — 150 ms RTT, 1.6 Mbps down — and a 4× slower
 * CPU), performance only, on Debian's Chromium started by chrome-launcher with the project's flags.
 *
 * Nothing leaves loopback: Lighthouse's Node API starts neither its error reporting (Sentry, which
 * only its command line starts, and only when asked) nor any update check, Chromium runs with background networking, component updates
 * and sync off, and its host resolver answers nothing but 127.0.0.1; every request the page made
 * is checked to be on loopback, and a run with any other is refused.
 *
 * Run alone: `BENCH_ONLY=lighthouse npm run bench` (5 runs of each page, BENCH_LH_RUNS to change;
 * the median printed with the range), `-- --quick` for one run each. BENCH_LH_SAVE=<dir> writes each run's report (JSON)
 * and trace there, to open in Chrome DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM, FLAGS } from '../tests/support/chromium';
import { settle } from './settle';
import { startSut } from './sutProcess';

/** What one Lighthouse run of one page measured. */
export interface PageLoad {
  score: number;
  lcpMs: number;
  tbtMs: number;
  transferBytes: number;
  /** The main thread's tasks over 50 ms, with the script each is attributed to. */
  longTasks: Array<{ url: string; ms: number }>;
}

export interface LighthouseOptions {
  runs: number;
  out: (line?: string) => void;
}

const LANGUAGES = ['en', 'es'] as const;

/** Chromium's resolver finds no host but loopback, so nothing it might try to reach elsewhere gets an address. */
const LOOPBACK_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

interface Audit { numericValue?: number; details?: { items?: Array<Record<string, unknown>> } }

/** One Lighthouse run of one URL in a fresh Chromium (fresh user-data-dir, so a cold cache and no service worker). */
async function audit(url: string, language: string, save?: string): Promise<PageLoad> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...FLAGS, LOOPBACK_ONLY], logLevel: 'silent' });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      // The server picks the page's language by Accept-Language (no cookie on a fresh profile).
      extraHeaders: { 'Accept-Language': language },
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new LighthouseRunError(`${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audits = lhr.audits as Record<string, Audit>;
    const requests = audits['network-requests']?.details?.items ?? [];
    const away = requests.map((r) => String(r.url)).filter((u) => !/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u) && !u.startsWith('data:'));
    if (away.length) throw new Error(`the page made requests off loopback: ${away.join(', ')}`);
    if (save) {
      const name = `${save}/${new URL(url).hash ? 'room' : 'home'}-${language}-${Date.now()}`;
      writeFileSync(`${name}.report.json`, JSON.stringify(lhr));
      writeFileSync(`${name}.trace.json`, JSON.stringify(result.artifacts.Trace));
    }
    return {
      score: Math.round((lhr.categories.performance?.score ?? NaN) * 100),
      lcpMs: audits['largest-contentful-paint']?.numericValue ?? NaN,
      tbtMs: audits['total-blocking-time']?.numericValue ?? NaN,
      transferBytes: audits['total-byte-weight']?.numericValue ?? NaN,
      longTasks: (audits['long-tasks']?.details?.items ?? []).map((t) => ({ url: String(t.url), ms: Number(t.duration) })),
    };
  } finally {
    chrome.kill();
  }
}

/**
 * A run Lighthouse itself could not record (e.g. NO_NAVSTART, a trace without the navigation: it
 * happens on a busy machine) is run again, twice at most; a page that made a request off loopback
 * is never retried.
 */
async function auditWithRetry(url: string, language: string, save?: string): Promise<PageLoad> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(url, language, save);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof LighthouseRunError)) throw err;
      console.error(`lighthouse: ${err.message}; running it again`);
    }
  }
}

class LighthouseRunError extends Error {}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const range = (xs: number[], d = 0) => (xs.length > 1 ? ` (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})` : '');
const shortUrl = (u: string) => u.replace(/^https?:\/\/[^/]+/, '').replace(/#.*/, '') || '/';

/**
 * Against the app as built (bench/pages.ts builds it first, as `npm start` does): starts our
 * server in its own process and runs Lighthouse `runs` times on each page in each language, each
 * run once the machine is quiet, each run of the room page in a new room made through the API;
 * prints one table (medians and ranges) and the room page's long tasks. Returns the medians, by
 * page and language.
 */
export async function runLighthouse({ runs, out }: LighthouseOptions): Promise<Map<string, PageLoad>> {
  const save = process.env.BENCH_LH_SAVE;
  if (save) mkdirSync(save, { recursive: true });
  const server = await startSut('room', {}, null);
  const medians = new Map<string, PageLoad>();
  let unsettled = 0;
  try {
    /** A room made through the API, and seat A's own link: the room's key rides in the fragment, as a person opens it. */
    const newRoom = async () => {
      const created = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mediator: false }) });
      return ((await created.json()) as { links: { A: string } }).links.A;
    };
    const pages = [
      { name: 'home', url: async () => `${server.url}/` },
      // A room of its own for every run, so that every run opens a room as its creator first does.
      { name: 'room (seat A)', url: newRoom },
    ];
    out(`## Page load: Lighthouse 12.2.3, mobile preset (simulated Slow 4G, 4× CPU), ${runs} run${runs > 1 ? 's' : ''} of each page`);
    out();
    out(`Median${runs > 1 ? ' (range)' : ''} of the runs; transfer is every byte the page fetched (Lighthouse's total byte weight). Each run starts once the machine is quiet (bench/settle.ts).`);
    out();
    out('| page | language | score | LCP ms | TBT ms | transfer KiB | long tasks (≥ 50 ms), median run |');
    out('|---|---|---|---|---|---|---|');
    for (const page of pages)
      for (const language of LANGUAGES) {
        const results: PageLoad[] = [];
        for (let r = 0; r < runs; r++) {
          const url = await page.url();
          if (!(await settle())) unsettled++;
          results.push(await auditWithRetry(url, language, save));
        }
        const pick = (k: 'score' | 'lcpMs' | 'tbtMs' | 'transferBytes') => results.map((x) => x[k]);
        const mid = results.find((x) => x.tbtMs === median(pick('tbtMs')))!;
        const m: PageLoad = { score: median(pick('score')), lcpMs: median(pick('lcpMs')), tbtMs: median(pick('tbtMs')), transferBytes: median(pick('transferBytes')), longTasks: mid.longTasks };
        medians.set(`${page.name} ${language}`, m);
        const tasks = m.longTasks.map((t) => `${t.ms.toFixed(0)} ms ${shortUrl(t.url)}`).join(', ') || 'none';
        out(
          `| ${page.name} | ${language} | ${m.score}${range(pick('score'))} | ${m.lcpMs.toFixed(0)}${range(pick('lcpMs'))} | ${m.tbtMs.toFixed(0)}${range(pick('tbtMs'))} | ${(m.transferBytes / 1024).toFixed(1)}${range(pick('transferBytes').map((b) => b / 1024), 1)} | ${tasks} |`,
        );
      }
    if (unsettled) {
      out();
      out(`The machine was still busy (over 15 % of its cores for 10 s) before ${unsettled} of the runs: something else is running here, and those runs are slower than they would be.`);
    }
    out();
  } finally {
    server.stop();
  }
  return medians;
}
