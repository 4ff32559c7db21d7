#!/usr/bin/env node
// Screenshots of the web console (issue 17) for a reviewer: every page at desktop (1280x800) and
// phone (375x812) width, in the light and the dark theme, as PNG files (not committed).
//
//   npm run build && node scripts/console-screenshots.mjs [out-dir] [--no-serve]
//
// out-dir defaults to /tmp/neosl-console-screenshots. It starts `neosl dev` on a copy of
// test/fixtures/console-project (some traffic, a failed request, a huge body, a few blocks and a
// transfer on the local chain, then a build error for the builds page) and, unless --no-serve,
// `neosl serve` on a temp store with two deployed versions of test/fixtures/serve-project (the login
// form, then the pages behind it). Headless Debian chromium (/usr/bin/chromium, or NEOSL_CHROMIUM)
// through playwright-core. Prints each file's path.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/neosl.js');
const chromiumPath = process.env.NEOSL_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const outDir = resolve(args.find((arg) => !arg.startsWith('--')) ?? '/tmp/neosl-console-screenshots');
const withServe = !args.includes('--no-serve');

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } };
const schemes = ['light', 'dark'];

if (!existsSync(chromiumPath)) {
  process.stderr.write(`no browser at ${chromiumPath}: install Debian's chromium package (apt-get install chromium)\n`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist/ui/index.html'))) {
  process.stderr.write('dist/ui/index.html is missing: run "npm run build" first\n');
  process.exit(1);
}

const temp = mkdtempSync(join(tmpdir(), 'neosl-screenshots-'));
const running = new Set();

/** `neosl <args>` in cwd until it prints "Ready on <url>"; the child and its url. */
function startServer(argv, cwd, env = {}) {
  const childEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [bin, ...argv], { cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`neosl ${argv[0]} printed no "Ready on" within 30 s:\n${stderr}`)), 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      const match = /Ready on (https?:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolveUrl({ child, url: match[1].replace(/\/$/, '') });
      }
    });
    child.on('exit', (code) => reject(new Error(`neosl ${argv[0]} exited with ${code}:\n${stderr}`)));
  });
}

function neosl(argv, cwd, env = {}) {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`neosl ${argv.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

async function post(url, body) {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await answer.arrayBuffer();
  return answer.headers.get('x-neosl-request-id');
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A console page kept open while the traffic is made: the host records the request log only while
 * a console listens on its events stream. `logIn(page)` on serve.
 */
async function listen(browser, base, logIn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/_neosl/ui`);
  if (logIn) await logIn(page);
  await page
    .locator('[data-testid="connection-status"]', { hasText: /live/ })
    .waitFor({ timeout: 10_000 })
    .catch(() => process.stderr.write(`warning: the console at ${base} did not say "live" within 10 s\n`));
  return context;
}
const written = [];

/**
 * One shot per size and scheme of each page: `shots` is [{ name, hash, waitFor }]; `prepare(page)`
 * runs once per context after the first load (the login on serve).
 */
async function shoot(browser, base, prefix, shots, prepare) {
  for (const [sizeName, viewport] of Object.entries(sizes)) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on('pageerror', (error) => process.stderr.write(`page error (${prefix}, ${sizeName}, ${colorScheme}): ${error.message}\n`));
      await page.goto(`${base}/_neosl/ui`);
      if (prepare) await prepare(page);
      for (const shot of shots) {
        if (shot.hash !== undefined) await page.goto(`${base}/_neosl/ui${shot.hash}`);
        if (shot.waitFor) {
          await page
            .locator(`[data-testid="${shot.waitFor}"]`)
            .first()
            .waitFor({ timeout: 5_000 })
            .catch(() => process.stderr.write(`warning: ${prefix}-${shot.name}: no [data-testid="${shot.waitFor}"] within 5 s; shot as it is\n`));
        }
        // Sparklines and charts draw from the events stream: give them a few ticks.
        await sleep(shot.settle ?? 1200);
        const file = join(outDir, `${prefix}-${shot.name}-${sizeName}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
  }
}

async function devShots(browser) {
  const project = join(temp, 'dev-app');
  cpSync(join(root, 'test/fixtures/console-project'), project, { recursive: true });
  const dev = await startServer(['dev', '--no-dashboard', '--port', '0', '--persist-to', ':memory:'], project);
  const url = dev.url;
  const listener = await listen(browser, url);
  // Traffic for the charts and the log: calls over a few seconds, an http call, a failure, HTML and a huge body.
  for (let i = 0; i < 40; i++) {
    await post(`${url}/functions/hello`, { name: `user ${i}` });
    if (i % 10 === 0) await sleep(250);
  }
  await fetch(`${url}/api/items?color=blue`).then((answer) => answer.arrayBuffer());
  await post(`${url}/api/items`, { color: 'red' });
  const failed = await post(`${url}/api/items`, { fail: true });
  await post(`${url}/functions/hello`, { name: '<img src=x onerror=alert(1)><b>not bold</b>' });
  const huge = await post(`${url}/functions/hello`, { name: 'x'.repeat(200_000) });
  await post(`${url}/_neosl/chain/mine`, { count: 3 });
  const { accounts } = await (await fetch(`${url}/_neosl/chain/accounts`)).json();
  if (accounts?.length > 1) {
    await post(`${url}/_neosl/chain/transfer`, { to: accounts.at(-1).address, amount: '100000000', asset: 'GAS' });
    await post(`${url}/_neosl/chain/mine`, { count: 1 });
  }

  const pages = [
    { name: 'functions', hash: '#/functions', waitFor: 'function-row', settle: 2500 },
    { name: 'requests', hash: '#/requests', waitFor: 'request-row' },
    { name: 'request-error', hash: `#/requests/${failed}`, waitFor: 'request-detail' },
    { name: 'request-huge', hash: `#/requests/${huge}`, waitFor: 'request-detail' },
    { name: 'invoke', hash: '#/invoke/hello', waitFor: 'invoke-input' },
    { name: 'invoke-http', hash: '#/invoke/api', waitFor: 'invoke-method' },
    { name: 'metrics', hash: '#/metrics', waitFor: 'metrics-chart', settle: 2500 },
    { name: 'builds', hash: '#/builds', waitFor: 'builds-ok' },
    { name: 'chain', hash: '#/chain', waitFor: 'block-row' },
  ];
  await shoot(browser, url, 'dev', pages);

  // A build error with its code frame, and what the other pages make of it.
  const file = join(project, 'functions/hello.ts');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const broken = ;\n`);
  await sleep(3000);
  await shoot(browser, url, 'dev', [
    { name: 'builds-error', hash: '#/builds', waitFor: 'build-error' },
    { name: 'functions-build-error', hash: '#/functions', waitFor: 'function-row' },
  ]);
  await listener.close();
  dev.child.kill('SIGTERM');
}

async function serveShots(browser) {
  const dir = join(temp, 'serve');
  mkdirSync(dir);
  const store = join(dir, 'store');
  const token = neosl(['serve', 'token', 'create', 'screenshots', '--store', store], dir).trim();
  const serve = await startServer(['serve', '--store', store, '--port', '0'], dir, { NEOSL_TOKEN: undefined });
  const project = join(dir, 'app');
  cpSync(join(root, 'test/fixtures/serve-project'), project, { recursive: true });
  const env = { NEOSL_TOKEN: token, NEOSL_CONFIG_DIR: join(dir, 'config') };
  mkdirSync(env.NEOSL_CONFIG_DIR);
  neosl(['deploy', '--target', serve.url], project, env);
  const source = join(project, 'functions/hello/index.ts');
  writeFileSync(source, readFileSync(source, 'utf8').replace('v: 1', 'v: 2'));
  neosl(['deploy', '--target', serve.url], project, env);
  const logIn = async (page) => {
    await page.locator('[data-testid="login-token"]').fill(token);
    await page.locator('[data-testid="login-submit"]').click();
    await page.locator('[data-testid="login-form"]').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => process.stderr.write('warning: the login form stayed after the right token\n'));
  };
  const listener = await listen(browser, serve.url, logIn);
  for (let i = 0; i < 20; i++) await post(`${serve.url}/functions/hello`, { name: `visitor ${i}` });

  await shoot(browser, serve.url, 'serve', [{ name: 'login', waitFor: 'login-form', settle: 300 }]);
  await shoot(
    browser,
    serve.url,
    'serve',
    [
      { name: 'functions', hash: '#/functions', waitFor: 'function-row', settle: 2500 },
      { name: 'requests', hash: '#/requests', waitFor: 'request-row' },
      { name: 'versions', hash: '#/versions', waitFor: 'version-row' },
      { name: 'metrics', hash: '#/metrics', waitFor: 'metrics-chart', settle: 2500 },
    ],
    logIn,
  );
  await listener.close();
  serve.child.kill('SIGTERM');
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  await devShots(browser);
  if (withServe) await serveShots(browser);
  process.stderr.write(`${written.length} screenshots in ${outDir}\n`);
} finally {
  await browser.close();
  for (const child of running) child.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
}
