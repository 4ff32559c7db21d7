// `neosl logs --follow` and `neosl deploy --canary` against a real `neosl serve`: the follower
// survives a host restart (saying so) and gives up with exit 1 when the host stays gone; a canary
// under steady traffic is promoted when healthy and rolled back by itself when it errors.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callFunction, killServeHosts, startServeHost, type ServeHost } from '../helpers/serve-host.js';
import { startNeosl } from '../helpers/neosl-process.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const followers = new Set<ChildProcess>();

afterAll(() => {
  for (const child of followers) child.kill('SIGKILL');
  killServeHosts();
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** POSTs the function and gives the request id the host answered with. */
async function requestId(url: string): Promise<string> {
  const answer = await fetch(`${url}/functions/hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await answer.text();
  const id = answer.headers.get('x-neosl-request-id');
  if (id === null) throw new Error('the host answered without x-neosl-request-id');
  return id;
}

interface Traffic {
  answers: { status: number; body: unknown }[];
  failures: string[];
  stop(): Promise<void>;
}

/** `perSecond` POSTs a second to the function until stopped; every answer (or failure to get one) kept. */
function steadyTraffic(url: string, perSecond: number): Traffic {
  const answers: Traffic['answers'] = [];
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const sent = callFunction(url, 'hello')
      .then((answer) => void answers.push(answer))
      .catch((error: unknown) => void failures.push(String(error)))
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }, 1000 / perSecond);
  return {
    answers,
    failures,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

interface StreamEvent {
  type?: string;
  requestId?: string;
  functionName?: string;
  status?: number;
  error?: { code: string; message: string };
}

interface Follower {
  stdout(): string;
  stderr(): string;
  events(): StreamEvent[];
  exitCode(): number | null;
  exited: Promise<number | null>;
}

/** `neosl logs --follow --json` as a user runs it, allowed to find the host unreachable for `unreachableMs`. */
function follow(host: ServeHost, unreachableMs: number): Follower {
  const follower = startNeosl(['logs', '--follow', '--json', '--target', host.serve.url], {
    cwd: host.project,
    env: { ...host.env, NEOSL_LOGS_RECONNECT_MS: String(unreachableMs) },
    running: followers,
  });
  return {
    stdout: follower.stdout,
    stderr: follower.stderr,
    // NDJSON: every line parses on its own.
    events: () =>
      follower
        .stdout()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as StreamEvent),
    exitCode: () => follower.child.exitCode,
    exited: follower.exited,
  };
}

/** Sends requests until the follower prints one of them (by its request id): it is streaming live. */
function seesLiveRequests(host: ServeHost, follower: Follower): Promise<StreamEvent> {
  return until(async () => {
    const id = await requestId(host.serve.url);
    await sleep(200);
    return follower.events().find((event) => event.type === 'request' && event.requestId === id);
  }, 'a live request event from neosl logs --follow');
}

describe('neosl logs --follow against a host', () => {
  it('streams request events as NDJSON, reconnects across a host restart with a notice, exits 1 when the host stays gone', async () => {
    const host = await startServeHost();
    const deployed = await host.neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);

    // Patient enough for a restart on a busy machine.
    const survivor = follow(host, 20_000);
    expect(await seesLiveRequests(host, survivor)).toMatchObject({ type: 'request', functionName: 'hello', status: 200 });

    await host.restart();
    await until(() => (/reconnected/.test(survivor.stderr()) ? true : undefined), 'a reconnect notice on stderr');
    expect(survivor.stderr()).toMatch(/connection to .* lost; reconnecting/);
    expect(await seesLiveRequests(host, survivor)).toMatchObject({ type: 'request', functionName: 'hello', status: 200 });
    expect(survivor.exitCode()).toBeNull();
    // The notices went to stderr: every stdout line is an event.
    for (const event of survivor.events()) expect(['request', 'log']).toContain(event.type);

    // One that gives up after 3 s of an unreachable host.
    const quitter = follow(host, 3_000);
    await seesLiveRequests(host, quitter);
    expect(await host.serve.stop()).toBe(0);
    const goneAt = Date.now();
    expect(await quitter.exited).toBe(1);
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(2_500);
    expect(Date.now() - goneAt).toBeLessThan(15_000);
    expect(quitter.stderr()).toMatch(/stayed unreachable for 3 s/);
    expect(quitter.stderr()).toContain(host.serve.url);
    expect(quitter.events().at(-1)?.error).toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringMatching(/stayed unreachable/) });
    for (const follower of [survivor, quitter]) expect(follower.stdout() + follower.stderr()).not.toContain(host.token);
  }, 60_000);
});

describe('neosl deploy --canary against a host under traffic', () => {
  it('promotes a healthy canary at the end of its window and rolls back one that errors, saying why', async () => {
    const host = await startServeHost();
    const writeHello = (code: string) => writeFileSync(join(host.project, 'functions/hello/index.ts'), code);
    writeHello('export const hello = () => ({ v: 1 });\n');
    const first = await host.neosl(['deploy']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect((await callFunction(host.serve.url, 'hello')).body).toEqual({ v: 1 });

    writeHello('export const hello = () => ({ v: 2 });\n');
    let traffic = steadyTraffic(host.serve.url, 20);
    const promoted = await host.neosl(['deploy', '--canary', '50', '--watch', '6s', '--max-error-rate', '5']);
    await traffic.stop();
    expect(promoted.exitCode, promoted.stderr).toBe(0);
    const promotedOutput = promoted.stdout + promoted.stderr;
    // Why: its figures against the limit it was given.
    expect(promotedOutput).toMatch(/canary v2 promoted: .*within its limits: \d+(\.\d+)?% errors/);
    expect(promoted.stdout.trimEnd().split('\n').at(-1)).toBe('Version: v2');
    // Under the canary: every request answered, by one version or the other.
    expect(traffic.failures).toEqual([]);
    expect(traffic.answers.length).toBeGreaterThan(60);
    expect(traffic.answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const seen = new Set(traffic.answers.map((answer) => JSON.stringify(answer.body)));
    expect(seen).toEqual(new Set([JSON.stringify({ v: 1 }), JSON.stringify({ v: 2 })]));
    const afterPromotion = await Promise.all(Array.from({ length: 20 }, () => callFunction(host.serve.url, 'hello')));
    expect(afterPromotion.map((answer) => answer.body)).toEqual(Array.from({ length: 20 }, () => ({ v: 2 })));

    writeHello("export const hello = (): { v: number } => {\n  throw new Error('every request fails');\n};\n");
    traffic = steadyTraffic(host.serve.url, 20);
    const rolledBack = await host.neosl(['deploy', '--canary', '50', '--watch', '6s', '--max-error-rate', '1']);
    await traffic.stop();
    expect(rolledBack.exitCode).toBe(1);
    const rolledBackOutput = rolledBack.stdout + rolledBack.stderr;
    expect(rolledBackOutput).toMatch(/canary v3 rolled back: .*\d+(\.\d+)?% errors .*above the allowed 1%/);
    expect(rolledBack.stdout).not.toMatch(/^Version: v3$/m);
    expect(rolledBack.stdout.trimEnd().split('\n').at(-1)).toBe('Version: v2');
    // The canary's requests failed (that is what it was judged on); the stable version's did not.
    expect(traffic.failures).toEqual([]);
    expect(traffic.answers.some((answer) => answer.status >= 500)).toBe(true);
    expect(traffic.answers.filter((answer) => answer.status === 200).every((answer) => JSON.stringify(answer.body) === JSON.stringify({ v: 2 }))).toBe(true);
    const afterRollback = await Promise.all(Array.from({ length: 20 }, () => callFunction(host.serve.url, 'hello')));
    expect(afterRollback).toEqual(Array.from({ length: 20 }, () => ({ status: 200, body: { v: 2 } })));

    const versions = await host.neosl(['versions', '--json']);
    expect((JSON.parse(versions.stdout) as { active: string }).active).toBe('v2');
  }, 90_000);
});
