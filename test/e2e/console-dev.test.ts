// The web console (issue 17) in a real browser against `neosl dev` on a fixture project, as a user
// sees it: the functions page lists the project's functions; the invoke form shows a function's
// answer; a request made from outside shows in the request log within a second, with its detail
// (input, output, logs, a source-mapped stack), HTML in it escaped and a huge body cut short behind
// "show all"; a build error shows on the builds page and clears when fixed; the chain page mines;
// the page says "reconnecting…" while the server is down and "live" again once it is back.
// Headless Debian chromium through playwright-core (test/helpers/browser.ts); skipped without it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, consoleUrl, expectConsoleServed, hasChromium, launchBrowser, noChromium, openConsole, testId, type ConsolePage } from '../helpers/browser.js';
import { children, copyFixture, killDevProcesses } from '../helpers/dev-process.js';
import { freePort } from '../helpers/free-port.js';
import { readyUrl, startNeosl } from '../helpers/neosl-process.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const consoleFixture = fileURLToPath(new URL('../fixtures/console-project', import.meta.url));

interface RunningDev {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

let project: string;
/** Fixed, so that a second `neosl dev` can take the first one's place for the page. */
let port: number;
let dev: RunningDev;
let browser: Browser;
const pages: ConsolePage[] = [];

async function startDevOnPort(): Promise<RunningDev> {
  const process = startNeosl(['dev', '--no-dashboard', '--port', String(port), '--persist-to', ':memory:'], { cwd: project, running: children });
  return { ...process, url: (await readyUrl(process, 'neosl dev')).replace(/\/$/, '') };
}

async function open(hash?: string): Promise<Page> {
  const opened = await openConsole(browser, dev.url, hash === undefined ? {} : { hash });
  pages.push(opened);
  return opened.page;
}

/** A select gets the option, anything else (input, textarea) the text. */
async function setField(field: Locator, value: string): Promise<void> {
  if ((await field.evaluate((element) => (element as unknown as { tagName: string }).tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

async function post(path: string, body: unknown): Promise<{ id: string; status: number; text: string }> {
  const answer = await fetch(`${dev.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { id: answer.headers.get('x-neosl-request-id') ?? '', status: answer.status, text: await answer.text() };
}

async function waitLive(page: Page, timeout = 10_000): Promise<void> {
  await expect.poll(() => textOf(page.locator(testId('connection-status'))), { timeout, message: 'connection-status says "live"' }).toMatch(/\blive\b/i);
}

describe.skipIf(!hasChromium)(`the web console on neosl dev${hasChromium ? '' : ` (skipped: ${noChromium})`}`, () => {
  beforeAll(async () => {
    project = copyFixture(consoleFixture);
    port = await freePort();
    [dev, browser] = await Promise.all([startDevOnPort(), launchBrowser()]);
    await expectConsoleServed(dev.url);
  });

  // Each test with its own pages: the request log records only while a console listens (see below),
  // so a page left open by one test must not make another pass.
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((opened) => opened.context.close()));
  });

  afterAll(async () => {
    await closeBrowsers();
    killDevProcesses();
    removeTempDirs();
  });

  it('is printed beside "Ready on"; the functions page lists the fixture\'s functions with their routes and goes live; it loads nothing from elsewhere', async () => {
    expect(dev.stderr()).toContain(`${dev.url}/_neosl/ui`);
    const opened = await openConsole(browser, dev.url);
    pages.push(opened);
    const { page } = opened;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.reload();

    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    await page.locator(testId('function-row', { name: 'api' })).waitFor();
    expect(await page.locator(testId('function-row')).count()).toBe(2);
    expect(await textOf(page.locator(testId('function-row', { name: 'api' })))).toContain('/api/items');
    await waitLive(page);
    for (const nav of ['nav-functions', 'nav-requests', 'nav-invoke', 'nav-metrics', 'nav-builds', 'nav-chain']) {
      expect(await page.locator(testId(nav)).count(), nav).toBe(1);
    }
    // Offline: every request the page made went to this server (or stayed in the page).
    expect(requested.filter((url) => !url.startsWith(dev.url) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(opened.errors).toEqual([]);
  });

  it('serves its static files with caching headers', async () => {
    const html = await (await fetch(consoleUrl(dev.url))).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]*\/_neosl\/ui\/assets\/[^"]+|(?:\.\/)?assets\/[^"]+)"/g)].map((match) => new URL(match[1]!, `${dev.url}/_neosl/ui/`).href);
    expect(assets.length, `asset references in the page:\n${html}`).toBeGreaterThan(0);
    for (const asset of assets) {
      const answer = await fetch(asset);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('cache-control') ?? '', asset).toMatch(/max-age=\d+|immutable/);
    }
  });

  it('invoking from the form shows the result: a function with its sample input, then an http function with a method and a path', async () => {
    const page = await open('#/invoke/hello');
    const input = page.locator(testId('invoke-input'));
    await input.waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('invoke-function')).inputValue()).toBe('hello');
    // The editor starts from the function's sample input (neosl.yaml: sample).
    await expect.poll(async () => JSON.parse((await input.inputValue()) || 'null') as unknown, { message: 'the sample input in the editor' }).toEqual({ name: 'console' });

    await input.fill('{"name":"from the form"}');
    await page.locator(testId('invoke-submit')).click();
    await expect.poll(() => textOf(page.locator(testId('invoke-result'))), { timeout: 10_000 }).toContain('Hello, from the form!');

    await page.goto(consoleUrl(dev.url, '#/invoke/api'));
    await page.locator(testId('invoke-method')).waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('invoke-function')).inputValue()).toBe('api');
    await setField(page.locator(testId('invoke-method')), 'POST');
    await setField(page.locator(testId('invoke-path')), '/api/items');
    await input.fill('{"color":"blue"}');
    await page.locator(testId('invoke-submit')).click();
    await expect.poll(() => textOf(page.locator(testId('invoke-result'))), { timeout: 10_000 }).toMatch(/201[\s\S]*blue|blue[\s\S]*201/);
  });

  it('a request made from outside shows in the request log within a second; its detail has input, output and logs; the function filter narrows the log', async () => {
    const page = await open('#/requests');
    await waitLive(page);
    const name = `curl-${Date.now()}`;
    const call = await post('/functions/hello', { name });
    expect(call.status).toBe(200);
    const answered = Date.now();
    const row = page.locator(testId('request-row', { 'request-id': call.id }));
    await row.waitFor({ timeout: 5_000 });
    const after = Date.now() - answered;
    expect(after, 'ms from the answer to the row in the log').toBeLessThan(1_000);
    expect(await textOf(row)).toContain('hello');
    expect(await textOf(row)).toContain('200');

    const other = await post('/api/items', { color: 'red' });
    await page.locator(testId('request-row', { 'request-id': other.id })).waitFor({ timeout: 5_000 });
    await setField(page.locator(testId('filter-function')), 'api');
    await expect.poll(() => row.count(), { message: 'the hello row hidden by the api filter' }).toBe(0);
    expect(await page.locator(testId('request-row', { 'request-id': other.id })).count()).toBe(1);

    // The detail, by its own address (as a link would open it).
    await page.goto(consoleUrl(dev.url, `#/requests/${call.id}`));
    const detail = page.locator(testId('request-detail'));
    await detail.waitFor({ timeout: 10_000 });
    await expect.poll(() => textOf(detail)).toContain(`Hello, ${name}!`);
    const text = await textOf(detail);
    expect(text).toContain(name); // the input
    expect(text).toContain(`greeting ${name}`); // the log line of this request
    expect(text).toContain('hello');
  });

  it('a failed request\'s detail shows the error with its source-mapped stack', async () => {
    const page = await open('#/requests');
    await waitLive(page);
    const failed = await post('/api/items', { fail: true });
    expect(failed.status).toBe(500);
    await page.locator(testId('request-row', { 'request-id': failed.id })).click({ timeout: 10_000 });
    const detail = page.locator(testId('request-detail'));
    await detail.waitFor({ timeout: 10_000 });
    expect(page.url()).toContain(`#/requests/${failed.id}`);
    await expect.poll(() => textOf(detail)).toContain('asked to fail');
    expect(await textOf(detail)).toMatch(/functions\/api\.ts:5\b/);
  });

  it('HTML in a request is shown as text, never run; a huge body is cut short behind "show all"', async () => {
    const html = '<img src=x onerror="window.__neoslXss=1"><b>bold</b>';
    const page = await open('#/requests');
    await waitLive(page);
    const hostile = await post('/functions/hello', { name: html });
    await page.locator(testId('request-row', { 'request-id': hostile.id })).waitFor({ timeout: 5_000 });
    await page.goto(consoleUrl(dev.url, `#/requests/${hostile.id}`));
    const detail = page.locator(testId('request-detail'));
    await detail.waitFor({ timeout: 10_000 });
    await expect.poll(() => textOf(detail)).toContain('<img src=x');
    expect(await detail.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __neoslXss?: number }).__neoslXss)).toBeUndefined();
    await page.goto(consoleUrl(dev.url, '#/requests'));
    await page.locator(testId('request-row', { 'request-id': hostile.id })).waitFor({ timeout: 10_000 });
    expect(await page.locator(`${testId('request-row')} img`).count()).toBe(0);

    const huge = 'x'.repeat(300_000);
    const big = await post('/functions/hello', { name: huge });
    expect(big.status).toBe(200);
    await page.goto(consoleUrl(dev.url, '#/requests'));
    await page.locator(testId('request-row', { 'request-id': big.id })).waitFor({ timeout: 5_000 });
    await page.goto(consoleUrl(dev.url, `#/requests/${big.id}`));
    await detail.waitFor({ timeout: 10_000 });
    const showAll = detail.locator(testId('show-all')).first();
    await showAll.waitFor({ timeout: 10_000 });
    const before = (await textOf(detail)).length;
    expect(before).toBeLessThan(huge.length);
    await showAll.click();
    await expect.poll(async () => (await textOf(detail)).length, { timeout: 10_000, message: 'more of the body after "show all"' }).toBeGreaterThan(before);
  });

  it('a build error shows on the builds page with its location, and clears when the source is fixed', async () => {
    const page = await open('#/builds');
    await page.locator(testId('builds-ok')).waitFor({ timeout: 10_000 });
    const file = join(project, 'functions/hello.ts');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}\nexport const broken = ;\n`);
    const error = page.locator(testId('build-error', { function: 'hello' }));
    await error.waitFor({ timeout: 15_000 });
    expect(await textOf(error)).toMatch(/hello\.ts:\d+/);
    expect(await page.locator(testId('builds-ok')).count()).toBe(0);

    writeFileSync(file, good);
    await error.waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator(testId('builds-ok')).waitFor({ timeout: 5_000 });
  });

  it('a page opened after a build broke shows that error with its location, not only that it failed', async () => {
    const file = join(project, 'functions/api.ts');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}\nexport const broken = ;\n`);
    try {
      await expect.poll(() => /api: build failed/.test(dev.stderr()), { timeout: 15_000, message: 'neosl dev printing the build error' }).toBe(true);
      const page = await open('#/builds');
      const error = page.locator(testId('build-error', { function: 'api' }));
      await error.waitFor({ timeout: 10_000 });
      await expect.poll(() => textOf(error), { timeout: 5_000, message: 'the code frame of an error that happened before the page opened' }).toMatch(/api\.ts:\d+/);
    } finally {
      writeFileSync(file, good);
      // Built again before the next test (a fixed source clears the failure: state "ready").
      const state = async () => ((await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; state: string }[] }).functions.find((fn) => fn.name === 'api')?.state;
      await expect.poll(state, { timeout: 15_000 }).toBe('ready');
    }
  });

  it('works at a phone width (no sideways scrolling, every page reachable) and follows the system\'s dark or light theme', async () => {
    const phone = await openConsole(browser, dev.url, { viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    pages.push(phone);
    const { page } = phone;
    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    for (const [nav, shows] of [
      ['nav-requests', 'filter-function'],
      ['nav-invoke', 'invoke-function'],
      ['nav-metrics', 'metrics-chart'],
      ['nav-builds', 'builds-ok'],
      ['nav-chain', 'block-row'],
      ['nav-functions', 'function-row'],
    ] as const) {
      await page.locator(testId(nav)).click();
      await page.locator(testId(shows)).first().waitFor({ timeout: 10_000 });
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, `the page scrolls sideways by ${overflow}px after ${nav}`).toBeLessThanOrEqual(0);
    }
    const background = (opened: ConsolePage) =>
      opened.page.evaluate(() => {
        const g = globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string }; document: { body: unknown } };
        return g.getComputedStyle(g.document.body).backgroundColor;
      });
    const light = await openConsole(browser, dev.url, { colorScheme: 'light' });
    pages.push(light);
    await light.page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    const luminance = (color: string) => (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).reduce((sum, value) => sum + Number(value), 0);
    expect(luminance(await background(phone)), 'dark background darker than the light one').toBeLessThan(luminance(await background(light)));
  });

  it('the chain page shows blocks and the seeded accounts; "mine" adds a block; a transfer from the form moves GAS', async () => {
    const page = await open('#/chain');
    await page.locator(testId('block-row')).first().waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('account-row')).count()).toBeGreaterThan(1);
    const height = async () => ((await (await fetch(`${dev.url}/_neosl/chain`)).json()) as { height: number }).height;
    const before = await height();
    await page.locator(testId('mine-button')).first().click();
    await expect.poll(height, { message: 'the chain height after "mine"' }).toBeGreaterThan(before);

    const { accounts } = (await (await fetch(`${dev.url}/_neosl/chain/accounts`)).json()) as { accounts: { address: string; gas: string }[] };
    const to = accounts.at(-1)!;
    await page.locator(testId('transfer-to')).fill(to.address);
    await page.locator(testId('transfer-amount')).fill('1');
    await page.locator(testId('transfer-submit')).click();
    await page.locator(testId('mine-button')).first().click();
    const balance = async () =>
      ((await (await fetch(`${dev.url}/_neosl/chain/accounts`)).json()) as { accounts: { address: string; gas: string }[] }).accounts.find((account) => account.address === to.address)!.gas;
    await expect.poll(balance, { timeout: 10_000, message: `GAS of ${to.address} after the transfer and a block` }).not.toBe(to.gas);
  });

  it('says "reconnecting…" while the server is down and "live" again when a new neosl dev takes its port', async () => {
    const page = await open();
    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    await waitLive(page);

    dev.child.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
    await expect.poll(() => textOf(page.locator(testId('connection-status'))), { timeout: 10_000 }).toMatch(/reconnecting/i);

    dev = await startDevOnPort();
    await waitLive(page, 20_000);
    await page.locator(testId('function-row', { name: 'api' })).waitFor({ timeout: 5_000 });
    // It recovered in place: the page was never reloaded by the test.
    expect(page.url()).toMatch(new RegExp(`:${port}/_neosl/ui(#/functions)?$`));
  });
});
