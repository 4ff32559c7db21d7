// What `neosl dev` prints, spawned as a user runs it, on test/fixtures/dev-output-project (a block
// every 100 ms, a function that logs on each): repeated lines folded, a build error printed once,
// error details one level deep, and --json as NDJSON.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { neoslBin } from '../helpers/spawn-neosl.js';
import { children, copyFixture, errorOf, killDevProcesses, post, startDev, until } from '../helpers/dev-process.js';

const fixture = fileURLToPath(new URL('../fixtures/dev-output-project', import.meta.url));

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe('neosl dev output', () => {
  it('folds the per-block info logs, keeps every warning, prints a build error once, answers flat error details', async () => {
    const project = copyFixture(fixture);
    const dev = await startDev(project, ['--persist-to', ':memory:']);

    // A NeoError's own details are the answer's details, beside the name and stack.
    const answer = await post(`${dev.url}/functions/lookup`, { index: 7 });
    expect(answer.status).toBe(404);
    const error = await errorOf(answer);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no such block', details: { name: 'NeoError', index: 7, searched: ['cache', 'chain'] } });
    expect(error.details.stack).toMatch(/functions\/lookup\.ts:4:/);
    expect(error.details).not.toHaveProperty('details');

    // A syntax error: one headline, one code frame, although the session also sends an error event.
    writeFileSync(join(project, 'functions', 'hello.ts'), 'export const hello = async () => { return { a: 1 +  }; };\n');
    await until(() => (/hello: build failed[\s\S]*functions\/hello\.ts:1:53/.test(dev.stderr()) ? true : undefined), 'the build error');

    // Some 30 blocks, each running chainWatch.
    await until(() => (count(dev.stderr(), /WARN\s+Behind the chain tip/g) >= 3 ? true : undefined), 'three warnings (30 blocks)', 20_000);
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
    const output = dev.stderr();

    expect(count(output, /build failed/g)).toBe(1);
    expect(output).toMatch(/✘ error hello: build failed with 1 error; the last good version keeps serving/);
    expect(count(output, /1 │ export const hello/g)).toBe(1);

    // 3 single lines of each kind, then (within the 10 s window, so at the end) one line with the count.
    const recorded = count(output, /INFO\s+Block recorded/g);
    expect(recorded).toBeGreaterThanOrEqual(4);
    expect(recorded).toBeLessThanOrEqual(5);
    expect(output).toMatch(/\[chainWatch\] INFO\s+Block recorded \{"index":\d+,"hash":"0x[0-9a-f]+"\} \(latest of \d+ like it in \d+s, [\d.]+\/s\)/);
    expect(count(output, /chainWatch: block \d+ has 0 transactions/g)).toBeLessThanOrEqual(5);
    expect(count(output, /BLOCK #\d+ 200/g)).toBeLessThanOrEqual(5);
    // Warnings are never folded: one for each tenth block.
    const warned = [...output.matchAll(/WARN\s+Behind the chain tip \{"block":(\d+)\}/g)].map((match) => Number(match[1]));
    expect(warned.length).toBeGreaterThanOrEqual(3);
    expect(warned.every((block, index) => index === 0 || block === warned[index - 1]! + 10)).toBe(true);
    expect(output).not.toMatch(/WARN.*\(latest of/);
  }, 40_000);

  it('--json prints one JSON event per line on stdout (NDJSON), a failure to start too', async () => {
    const project = copyFixture(fixture);
    const child = spawn(process.execPath, [neoslBin, 'dev', '--json', '--port', '0', '--persist-to', ':memory:'], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const ready = await until(() => /"type":"ready","time":\d+,"url":"(http:[^"]+)"/.exec(stdout)?.[1], 'the ready event', 20_000);
    expect((await post(`${ready}/functions/hello`, { name: 'nd' })).status).toBe(200);
    await until(() => (stdout.includes('"type":"metrics"') && stdout.includes('"type":"request"') ? true : undefined), 'a request and a metrics event', 5000);

    // Another one started on the same port fails: its error is one more line, not a document over many lines.
    const busy = spawn(process.execPath, [neoslBin, 'dev', '--json', '--port', new URL(ready).port, '--persist-to', ':memory:'], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(busy);
    let busyStdout = '';
    let busyStderr = '';
    busy.stdout.setEncoding('utf8').on('data', (chunk: string) => (busyStdout += chunk));
    busy.stderr.setEncoding('utf8').on('data', (chunk: string) => (busyStderr += chunk));
    expect(await new Promise((resolve) => busy.on('exit', resolve))).toBe(1);
    children.delete(busy);
    const busyLines = busyStdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { error?: { code: string; message: string } });
    expect(busyLines.at(-1)!.error).toMatchObject({ code: 'PORT_IN_USE', message: expect.stringContaining('already in use') });
    expect(busyStderr).toContain('✘ error port');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    children.delete(child);

    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((line) => JSON.parse(line) as { type: string; method?: string; path?: string });
    expect([...new Set(events.map((event) => event.type))]).toEqual(expect.arrayContaining(['build', 'reload', 'ready', 'request', 'log', 'metrics']));
    expect(events.every((event) => typeof event.type === 'string')).toBe(true);
    expect(events.find((event) => event.type === 'request' && event.path === '/functions/hello')).toMatchObject({ method: 'POST' });
  }, 40_000);
});
