// The web console (issue 17) in a real browser against `neosl serve` with two deployed versions, as
// an operator sees it: a login form until a token is given (a wrong one is refused on the form; the
// token is kept in the tab's session, never in the address); the versions page shows the active
// version, and a rollback from it switches the version the host serves; a revoked token sends the
// page back to the login form. Headless Debian chromium through playwright-core; skipped without it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowsers, consoleUrl, expectConsoleServed, hasChromium, launchBrowser, noChromium, openConsole, testId, type ConsolePage } from '../helpers/browser.js';
import { callFunction, hostApi, killServeHosts, startServeHost, type ServeHost } from '../helpers/serve-host.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

let host: ServeHost;
let browser: Browser;
const pages: ConsolePage[] = [];

const helloOf = (v: number) => `export const hello = (input: { name?: string }) => ({ v: ${v}, message: \`Hello, \${input.name ?? 'world'}!\` });\n`;

async function deploy(): Promise<void> {
  const result = await host.neosl(['deploy']);
  if (result.exitCode !== 0) throw new Error(`neosl deploy failed (${result.exitCode}):\n${result.stderr}`);
}

async function activeVersion(): Promise<string | null> {
  const answer = await hostApi(host.serve.url, 'GET', '/_neosl/versions', { token: host.token });
  return (answer.json as { active: string | null }).active;
}

async function open(hash?: string): Promise<Page> {
  const opened = await openConsole(browser, host.serve.url, hash === undefined ? {} : { hash });
  pages.push(opened);
  return opened.page;
}

async function logIn(page: Page, token: string): Promise<void> {
  await page.locator(testId('login-token')).fill(token);
  await page.locator(testId('login-submit')).click();
}

describe.skipIf(!hasChromium)(`the web console on neosl serve${hasChromium ? '' : ` (skipped: ${noChromium})`}`, () => {
  beforeAll(async () => {
    [host, browser] = await Promise.all([startServeHost(), launchBrowser()]);
    await deploy();
    writeFileSync(join(host.project, 'functions/hello/index.ts'), helloOf(2));
    await deploy();
    expect(await activeVersion()).toBe('v2');
    await expectConsoleServed(host.serve.url);
  }, 60_000);

  afterAll(async () => {
    await closeBrowsers();
    killServeHosts();
    removeTempDirs();
  });

  it('shows the login form first; a wrong token shows an error and no app; the right one shows the app and stays out of the address', async () => {
    const page = await open();
    await page.locator(testId('login-form')).waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('nav-versions')).count()).toBe(0);
    expect(await page.locator(testId('function-row')).count()).toBe(0);

    await logIn(page, 'neosl_not-a-token');
    await page.locator(testId('login-error')).waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('login-form')).count()).toBe(1);
    expect(await page.locator(testId('nav-versions')).count()).toBe(0);

    await logIn(page, host.token);
    await page.locator(testId('login-form')).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator(testId('nav-versions')).waitFor();
    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await page.locator(testId('connection-status')).textContent()) ?? '', { timeout: 10_000 }).toMatch(/\blive\b/i);
    expect(page.url()).not.toContain(host.token);
    const session = await page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: { length: number; key(i: number): string | null; getItem(key: string): string | null } }).sessionStorage;
      return Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i)!) ?? '');
    });
    expect(session.some((value) => value.includes(host.token)), 'the token in sessionStorage').toBe(true);

    // A reload of the tab keeps the session.
    await page.reload();
    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });
    expect(await page.locator(testId('login-form')).count()).toBe(0);
  });

  it('the versions page shows v2 active; a rollback from it switches the host to v1', async () => {
    const page = await open('#/versions');
    await logIn(page, host.token);
    const v1 = page.locator(testId('version-row', { version: 'v1' }));
    const v2 = page.locator(testId('version-row', { version: 'v2' }));
    await v2.waitFor({ timeout: 10_000 });
    expect(await v2.getAttribute('data-active')).toBe('true');
    expect(await v1.getAttribute('data-active')).not.toBe('true');
    expect(await page.locator(testId('canary-state')).count()).toBe(1);

    // A confirmation, if the page asks for one, is accepted.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator(testId('rollback', { version: 'v1' })).click();
    await expect.poll(() => v1.getAttribute('data-active'), { timeout: 10_000, message: 'v1 shown active' }).toBe('true');
    expect(await v2.getAttribute('data-active')).not.toBe('true');
    expect(await activeVersion()).toBe('v1');
    expect((await callFunction(host.serve.url, 'hello', { name: 'neo' })).body).toEqual({ v: 1, message: 'Hello, neo!' });
    const cli = await host.neosl(['versions', '--json']);
    expect((JSON.parse(cli.stdout) as { active: string }).active).toBe('v1');
  });

  it('a token revoked while the page is open sends it back to the login form', async () => {
    const created = await spawnNeosl(['serve', 'token', 'create', 'browser', '--store', host.store], { cwd: host.dir });
    expect(created.exitCode, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const page = await open();
    await logIn(page, token);
    await page.locator(testId('function-row', { name: 'hello' })).waitFor({ timeout: 10_000 });

    const revoked = await spawnNeosl(['serve', 'token', 'revoke', 'browser', '--store', host.store], { cwd: host.dir });
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    // The next thing the page asks the host for (here: the versions page) is refused.
    await page.goto(consoleUrl(host.serve.url, '#/versions'));
    await page.locator(testId('login-form')).waitFor({ timeout: 15_000 });
  });
});
