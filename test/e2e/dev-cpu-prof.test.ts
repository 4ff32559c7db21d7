// `neosl dev --cpu-prof`: each function instance (a worker thread) writes a CPU profile when it
// stops, into .neosl/profiles of the project or --cpu-prof-dir; and an inspector opened by
// NODE_OPTIONS=--inspect shows the instances to a debugger as --inspect does; `node --cpu-prof`
// on the host profiles its instances too.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { children, killDevProcesses, post, startDev, until } from '../helpers/dev-process.js';
import { readyUrl, startNeosl } from '../helpers/neosl-process.js';
import { neoslBin } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

/** A project whose function burns ~40 ms in a named function per call, so that a profile samples it. */
function busyProject(): string {
  const dir = join(makeTempDir('neosl-cpu-prof-'), 'app');
  mkdirSync(join(dir, 'functions'), { recursive: true });
  writeFileSync(join(dir, 'neosl.yaml'), 'name: cpu-prof\nfunctions:\n  busy:\n    handler: functions/busy.ts\n');
  writeFileSync(
    join(dir, 'functions/busy.ts'),
    [
      'function spinForProfile(ms: number): number {',
      '  const end = Date.now() + ms;',
      '  let turns = 0;',
      '  while (Date.now() < end) turns++;',
      '  return turns;',
      '}',
      'export const busy = async () => ({ turns: spinForProfile(40) > 0 });',
      '',
    ].join('\n'),
  );
  return dir;
}

interface CpuProfile {
  nodes: { callFrame: { functionName: string; url: string } }[];
  startTime: number;
  endTime: number;
}

function readProfiles(dir: string): CpuProfile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile);
}

async function callAndStop(project: string, args: string[]): Promise<string> {
  const dev = await startDev(project, args);
  for (let call = 0; call < 4; call++) expect(await (await post(`${dev.url}/functions/busy`, {})).json()).toEqual({ turns: true });
  dev.child.kill('SIGINT');
  expect(await dev.exited).toBe(0);
  return dev.stderr();
}

describe('neosl dev --cpu-prof', () => {
  it("writes each instance's profile into .neosl/profiles when dev stops; the function's own code is in it", async () => {
    const project = busyProject();
    const stderr = await callAndStop(project, ['--cpu-prof']);
    const dir = join(project, '.neosl/profiles');
    expect(stderr).toContain('CPU profiles: each function instance writes one into .neosl/profiles when it stops');
    expect(stderr).toMatch(/\d+ CPU profiles? written to \.neosl\/profiles/);

    const profiles = readProfiles(dir);
    expect(profiles.length).toBeGreaterThan(0);
    for (const profile of profiles) {
      expect(profile.nodes.length).toBeGreaterThan(0);
      expect(profile.endTime).toBeGreaterThan(profile.startTime);
    }
    // The instance that served: its profile shows the function, at the bundle neosl dev runs.
    const frames = profiles.flatMap((profile) => profile.nodes.map((node) => node.callFrame));
    expect(frames).toContainEqual(expect.objectContaining({ functionName: 'spinForProfile', url: expect.stringMatching(/busy\/index\.mjs$/) }));
  });

  it('--cpu-prof-dir puts them elsewhere (relative to where neosl runs); without the flags no profile is written', async () => {
    const project = busyProject();
    const stderr = await callAndStop(project, ['--cpu-prof-dir', 'profiles-here']);
    expect(stderr).toMatch(/\d+ CPU profiles? written to profiles-here/);
    expect(readProfiles(join(project, 'profiles-here')).length).toBeGreaterThan(0);
    expect(existsSync(join(project, '.neosl/profiles'))).toBe(false);

    const plain = busyProject();
    const plainStderr = await callAndStop(plain, []);
    expect(plainStderr).not.toContain('CPU profile');
    expect(existsSync(join(plain, '.neosl/profiles'))).toBe(false);
    expect(readdirSync(plain).filter((name) => name.endsWith('.cpuprofile'))).toEqual([]);
  });
});

describe('neosl dev run by node --cpu-prof', () => {
  it("its instances are profiled too, into the host's --cpu-prof-dir", async () => {
    const project = busyProject();
    const dir = join(project, 'host-profiles');
    const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, neoslBin, 'dev', '--no-dashboard', '--port', '0'], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await until(() => /Ready on (http:\/\/\S+)/.exec(stderr)?.[1], 'Ready on', 20_000);
    for (let call = 0; call < 4; call++) expect(await (await post(`${url}/functions/busy`, {})).json()).toEqual({ turns: true });
    child.kill('SIGINT');
    expect(await exited).toBe(0);

    const profiles = readProfiles(dir);
    // The host's own (thread 0) and at least the instance that served.
    expect(profiles.length).toBeGreaterThanOrEqual(2);
    const frames = profiles.flatMap((profile) => profile.nodes.map((node) => node.callFrame));
    expect(frames).toContainEqual(expect.objectContaining({ functionName: 'spinForProfile' }));
  });
});

describe('neosl dev under NODE_OPTIONS=--inspect', () => {
  it('says so, and a debugger on that inspector sees the function instances as worker targets', async () => {
    const project = busyProject();
    const env = { NODE_OPTIONS: [process.env.NODE_OPTIONS, '--inspect=127.0.0.1:0'].filter(Boolean).join(' ') };
    const launched = startNeosl(['dev', '--no-dashboard', '--port', '0'], { cwd: project, env, running: children });
    const dev = { ...launched, url: await readyUrl(launched, 'neosl dev') };
    const inspectorUrl = /Inspector listening on (ws:\/\/\S+):/.exec(dev.stderr())?.[1];
    expect(inspectorUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(await (await post(`${dev.url}/functions/busy`, {})).json()).toEqual({ turns: true });

    const socket = new WebSocket(inspectorUrl!);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const methods: string[] = [];
    socket.on('message', (data) => methods.push((JSON.parse(String(data)) as { method?: string }).method ?? ''));
    socket.send(JSON.stringify({ id: 1, method: 'NodeWorker.enable', params: { waitForDebuggerOnStart: false } }));
    await until(() => (methods.includes('NodeWorker.attachedToWorker') ? true : undefined), 'a worker target');
    socket.close();

    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  });
});
