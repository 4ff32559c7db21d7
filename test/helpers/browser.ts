// A headless browser for the web console's e2e tests (issue 17): Debian's `chromium` package driven
// by playwright-core (no browser is ever downloaded; `.ci/run` installs the package). The tests
// skip, saying why, when /usr/bin/chromium is not there.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.NEOSL_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const noChromium = `no browser at ${chromiumPath}: install Debian's chromium package (.ci/run does) to run the web console's browser tests`;

if (!hasChromium) process.stderr.write(`skipping the web console's browser tests: ${noChromium}\n`);

const launched = new Set<Browser>();

/** Chromium, headless; without its sandbox when running as root (a container), where it cannot start one. */
export async function launchBrowser(): Promise<Browser> {
  const asRoot = process.getuid?.() === 0;
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions of the page (pageerror), as text. */
  errors: string[];
}

/**
 * A fresh browser context (its own sessionStorage) with one page at `<url>/_neosl/ui<hash>`.
 * `colorScheme` and `viewport` as a user's system and screen would set them.
 */
export async function openConsole(
  browser: Browser,
  url: string,
  options: { hash?: string; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error.stack ?? error)));
  await page.goto(consoleUrl(url, options.hash));
  return { context, page, errors };
}

export const consoleUrl = (url: string, hash = '') => `${url.replace(/\/$/, '')}/_neosl/ui${hash}`;

/** The selector of an element the contract names by data-testid, with optional attributes (`{ name: 'hello' }` → [data-name="hello"]). */
export function testId(id: string, attributes: Record<string, string> = {}): string {
  const extra = Object.entries(attributes)
    .map(([key, value]) => `[data-${key}=${JSON.stringify(value)}]`)
    .join('');
  return `[data-testid=${JSON.stringify(id)}]${extra}`;
}

/**
 * Resolves once GET <url>/_neosl/ui answers an HTML page; otherwise throws what answered instead
 * (so a missing route or an unbuilt front-end reads as such, not as a selector timeout).
 */
export async function expectConsoleServed(url: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const answer = await fetch(consoleUrl(url));
      const text = await answer.text();
      if (answer.status === 200 && /html/i.test(answer.headers.get('content-type') ?? '') && /<html|<!doctype/i.test(text)) return;
      last = `${answer.status} ${answer.headers.get('content-type') ?? ''}: ${text.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`GET ${consoleUrl(url)} did not answer the console's page (is the route there and dist/ui built? npm run build): ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Closes every browser still open (afterAll). */
export async function closeBrowsers(): Promise<void> {
  await Promise.all([...launched].map((browser) => browser.close().catch(() => undefined)));
  launched.clear();
}
