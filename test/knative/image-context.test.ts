// The Knative image build context (src/knative/image-context.ts) on a built fixture: its layout, that
// nothing of the machine or the sources is in it (.env values, TypeScript, source text in maps), the
// raw environment in its manifest, its Dockerfile — and the "Done when" of issue 14: the app of the
// context `neosl deploy --target knative` writes, with neosl installed from the context's tarball as the
// image installs it, run by the Dockerfile's ENTRYPOINT + CMD and by each Knative Service's container
// args and env, answers each function as `neosl invoke` does on the source project.
// Docker cannot run here: no image is built; the Dockerfile is checked by reading it.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { BuildManifest } from '../../src/bundler/manifest.js';
import { writeImageContext, type ImageContext } from '../../src/knative/image-context.js';
import { freePort } from '../helpers/free-port.js';
import { readyUrl, startNeosl, type NeoslProcess } from '../helpers/neosl-process.js';
import { callFunction, filesUnder } from '../helpers/serve-host.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/knative-image-project', import.meta.url));
const DOTENV_SENTINELS = ['dotenv-greeting-sentinel-5c1e', 'dotenv-token-sentinel-9b7d'];
/** Text only the fixture's TypeScript sources hold (a comment each, and a type annotation). */
const SOURCE_TEXTS = ['Counts its runs in the cache', 'PUNCTUATION is written in neosl.yaml', 'NeoHttpFunction'];
const neoslVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  removeTempDirs();
});

/** A fresh copy of the fixture, built with the CLI as a user builds it. */
async function builtProject(): Promise<string> {
  const project = join(makeTempDir('neosl-knative-image-'), 'app');
  cpSync(fixture, project, { recursive: true });
  const built = await spawnNeosl(['build'], { cwd: project, env: { GREETING: undefined } });
  expect(built.exitCode, built.stderr).toBe(0);
  return project;
}

/** The project loaded as the deploy command loads it: .env read, ${env.GREETING} filled in from it. */
async function contextOf(project: string, outdir: string): Promise<ImageContext> {
  const loaded = await loadConfig({ cwd: project, env: {} });
  expect(loaded.config.functions.greet!.environment.GREETING).toBe(DOTENV_SENTINELS[0]);
  return writeImageContext({ projectDir: loaded.dir, loaded, outdir });
}

/** `node <bin> <args>` as the image's ENTRYPOINT runs it (not this checkout's bin/neosl.js), output collected. */
function startImageNeosl(bin: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): NeoslProcess {
  return startNeosl(args, { cwd: options.cwd, env: { NEOSL_TOKEN: undefined, ...options.env }, running, bin });
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(relative(dir, path).split(sep).join('/'));
  }
  return files;
}

function listAll(dir: string): string[] {
  return filesUnder(dir).map((file) => relative(dir, file.path).split(sep).join('/')).sort();
}

/** A Dockerfile's instructions: [INSTRUCTION, arguments], comments and blank lines dropped. */
function dockerInstructions(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.trim().split(/\s+/);
      return [instruction!.toUpperCase(), rest.join(' ')];
    });
}

function jsonArgs(instructions: [string, string][], name: string): string[] {
  const found = instructions.filter(([instruction]) => instruction === name);
  expect(found, `one ${name}`).toHaveLength(1);
  return JSON.parse(found[0]![1]) as string[];
}

describe('writeImageContext on a built project', () => {
  let project: string;
  let outdir: string;
  let context: ImageContext;

  beforeAll(async () => {
    project = await builtProject();
    outdir = join(project, '..', 'k8s', 'image');
    context = await contextOf(project, outdir);
  });

  it('writes the Dockerfile, .dockerignore, package.json, the packed neosl and the built app, and lists them', () => {
    const expected = [
      '.dockerignore',
      'Dockerfile',
      'app/dist/count/index.mjs',
      'app/dist/count/index.mjs.map',
      'app/dist/echo/index.mjs',
      'app/dist/echo/index.mjs.map',
      'app/dist/greet/index.mjs',
      'app/dist/greet/index.mjs.map',
      'app/dist/manifest.json',
      'app/neosl.yaml',
      'package.json',
      `vendor/neosl-${neoslVersion}.tgz`,
    ];
    expect(listAll(outdir)).toEqual(expected);
    expect([...context.files].sort()).toEqual(expected);
    expect(context.neoslVersion).toBe(neoslVersion);
    // Nothing is left beside it (the temporary folder it was written in).
    expect(readdirSync(join(outdir, '..'))).toEqual(['image']);
  });

  it('neosl.yaml is the project\'s as written; the bundles are the built ones, byte for byte', () => {
    expect(readFileSync(join(outdir, 'app/neosl.yaml'), 'utf8')).toBe(readFileSync(join(project, 'neosl.yaml'), 'utf8'));
    for (const fn of ['greet', 'count', 'echo']) {
      expect(readFileSync(join(outdir, `app/dist/${fn}/index.mjs`)).equals(readFileSync(join(project, `dist/${fn}/index.mjs`)))).toBe(true);
    }
  });

  it('holds no .env value, no TypeScript source and no source text: maps keep their mappings, not sourcesContent', () => {
    const files = filesUnder(outdir);
    for (const file of files) {
      for (const sentinel of DOTENV_SENTINELS) expect(file.text, file.path).not.toContain(sentinel);
      for (const text of SOURCE_TEXTS) expect(file.text, file.path).not.toContain(text);
      expect(file.path).not.toMatch(/\.(m|c)?tsx?$|(^|[/\\])\.env$/);
    }
    // The tarball is compressed: look inside it too (neosl's own files only, no fixture of its tests).
    const tarball = gunzipSync(readFileSync(join(outdir, `vendor/neosl-${neoslVersion}.tgz`))).toString('latin1');
    for (const sentinel of DOTENV_SENTINELS) expect(tarball).not.toContain(sentinel);
    for (const fn of ['greet', 'count', 'echo']) {
      const map = JSON.parse(readFileSync(join(outdir, `app/dist/${fn}/index.mjs.map`), 'utf8')) as Record<string, unknown>;
      const original = JSON.parse(readFileSync(join(project, `dist/${fn}/index.mjs.map`), 'utf8')) as Record<string, unknown>;
      expect(original.sourcesContent, 'the build keeps sources in its maps').toBeDefined();
      expect(map).not.toHaveProperty('sourcesContent');
      expect(map.mappings).toBe(original.mappings);
      expect(map.sources).toEqual(original.sources);
    }
  });

  it('the manifest gives each function its environment as neosl.yaml writes it, the rest as the build wrote it', () => {
    const copied = JSON.parse(readFileSync(join(outdir, 'app/dist/manifest.json'), 'utf8')) as BuildManifest;
    const built = JSON.parse(readFileSync(join(project, 'dist/manifest.json'), 'utf8')) as BuildManifest;
    expect(built.functions.greet!.config.environment.GREETING, 'the build filled in .env').toBe(DOTENV_SENTINELS[0]);
    expect(copied.functions.greet!.config.environment).toEqual({ GREETING: '${env.GREETING}', PUNCTUATION: '!' });
    expect(copied.functions.count!.config.environment).toEqual({});
    expect(copied.functions.echo!.config.environment).toEqual({});
    expect(Object.keys(copied.functions)).toEqual(['greet', 'count', 'echo']);
    for (const fn of ['greet', 'count', 'echo']) {
      const { config: copiedConfig, ...copiedEntry } = copied.functions[fn]!;
      const { config: builtConfig, ...builtEntry } = built.functions[fn]!;
      expect(copiedEntry).toEqual(builtEntry);
      expect({ ...copiedConfig, environment: {} }).toEqual({ ...builtConfig, environment: {} });
    }
    expect(copied.neosl).toBe(built.neosl);
  });

  it('package.json installs neosl from the packed tarball; the bundles left nothing external', () => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; private: boolean; devDependencies?: unknown };
    expect(manifest.dependencies).toEqual({ neosl: `file:vendor/neosl-${neoslVersion}.tgz` });
    expect(manifest.private).toBe(true);
    expect(manifest.devDependencies).toBeUndefined();
    const tarball = gunzipSync(readFileSync(join(outdir, `vendor/neosl-${neoslVersion}.tgz`))).toString('latin1');
    expect(tarball).toContain('package/bin/neosl.js');
    expect(tarball).toContain('package/dist/cli.cjs');
  });

  it('the Dockerfile: official Node 20 slim base, production install from the context, non-root, the neosl bin running serve --from-dir /app on 8080', () => {
    const instructions = dockerInstructions(readFileSync(join(outdir, 'Dockerfile'), 'utf8'));
    const of = (name: string) => instructions.filter(([instruction]) => instruction === name).map(([, args]) => args);
    expect(instructions[0]).toEqual(['FROM', 'node:20-bookworm-slim']);
    expect(of('FROM')).toHaveLength(1);
    const install = of('RUN').find((args) => args.includes('npm install'));
    expect(install).toMatch(/npm install --omit=dev\b/);
    expect(of('ENV')).toContain('NODE_ENV=production');
    expect(of('USER')).toEqual(['node']);
    // The user switch comes after everything that needs root, before the process starts.
    const userAt = instructions.findIndex(([instruction]) => instruction === 'USER');
    expect(instructions.slice(userAt + 1).map(([instruction]) => instruction)).not.toContain('RUN');
    expect(of('EXPOSE')).toEqual(['8080']);
    // What it copies is what the context holds, and the app lands in /app.
    expect(of('COPY')).toEqual(expect.arrayContaining(['package.json ./', 'vendor ./vendor', 'app/ /app/']));
    for (const args of of('COPY')) expect(existsSync(join(outdir, args.split(' ')[0]!))).toBe(true);
    expect(jsonArgs(instructions, 'ENTRYPOINT')).toEqual(['node', '/app/node_modules/neosl/bin/neosl.js']);
    expect(jsonArgs(instructions, 'CMD')).toEqual(['serve', '--from-dir', '/app', '--host', '0.0.0.0', '--port', '8080']);
    // .dockerignore sends only what is copied, and never a .env or node_modules.
    const ignore = readFileSync(join(outdir, '.dockerignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['*', '!app/', '!vendor/', '!package.json', '**/.env', '**/node_modules']));
  });
});

describe('writing it again', () => {
  it('replaces the context whole; a failure leaves the previous context as it was and nothing half-written', async () => {
    const project = await builtProject();
    const outdir = join(project, '..', 'k8s', 'image');
    await contextOf(project, outdir);
    writeFileSync(join(outdir, 'app', 'stale.txt'), 'from an older run');
    await contextOf(project, outdir);
    expect(existsSync(join(outdir, 'app', 'stale.txt'))).toBe(false);
    const before = listFiles(outdir).sort();

    // A function that is in neosl.yaml but not built: refused, the context as it was.
    writeFileSync(
      join(project, 'neosl.yaml'),
      `${readFileSync(join(project, 'neosl.yaml'), 'utf8')}  later:\n    handler: functions/echo.ts#echo\n`,
    );
    await expect(contextOf(project, outdir)).rejects.toMatchObject({ code: 'NOT_BUILT', message: expect.stringContaining('"later"') });
    expect(listFiles(outdir).sort()).toEqual(before);
    expect(readdirSync(join(outdir, '..'))).toEqual(['image']);
    expect(readFileSync(join(outdir, 'app/neosl.yaml'), 'utf8')).not.toContain('later:');

    // A bundle changed after the build (another build running): refused too.
    rmSync(join(project, 'neosl.yaml'));
    cpSync(join(fixture, 'neosl.yaml'), join(project, 'neosl.yaml'));
    writeFileSync(join(project, 'dist/echo/index.mjs'), 'export const echo = () => ({});\n');
    await expect(contextOf(project, outdir)).rejects.toMatchObject({ code: 'BUILD_CHANGED', message: expect.stringContaining('"echo"') });
    expect(listFiles(outdir).sort()).toEqual(before);
    expect(readdirSync(join(outdir, '..'))).toEqual(['image']);
  });
});

describe('Done when: `neosl serve --from-dir` runs the image context of `neosl deploy --target knative`', () => {
  it('with neosl installed from the context\'s tarball, the Dockerfile\'s command and each Knative Service\'s container answer as `neosl invoke` does', { timeout: 120_000 }, async () => {
    const project = await builtProject();
    const out = join(project, '..', 'k8s');
    const deployed = await spawnNeosl(['deploy', '--target', 'knative', '--out', out], { cwd: project, env: { GREETING: undefined } });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const outdir = join(out, 'image');
    for (const file of filesUnder(out)) for (const sentinel of DOTENV_SENTINELS) expect(file.text, file.path).not.toContain(sentinel);
    const instructions = dockerInstructions(readFileSync(join(outdir, 'Dockerfile'), 'utf8'));
    const entrypoint = jsonArgs(instructions, 'ENTRYPOINT');
    const cmd = jsonArgs(instructions, 'CMD');

    // The image's file system, as the Dockerfile builds it: the context's app in /app, neosl unpacked
    // from vendor/ into /app/node_modules/neosl. Its dependencies come from this checkout's node_modules
    // (linked one folder up, where Node's lookup finds them): the image's `npm install` fetches them from
    // the registry, which takes minutes and the network — too slow for CI.
    const root = makeTempDir('neosl-image-fs-');
    cpSync(join(outdir, 'app'), join(root, 'app'), { recursive: true });
    const neoslDir = join(root, 'app', 'node_modules', 'neosl');
    mkdirSync(neoslDir, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', join(outdir, `vendor/neosl-${neoslVersion}.tgz`), '-C', neoslDir, '--strip-components=1']);
    expect(untar.status, String(untar.stderr)).toBe(0);
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    expect(entrypoint[0]).toBe('node');
    const inImage = (arg: string) => (arg.startsWith('/app') ? join(root, arg) : arg);
    const bin = inImage(entrypoint[1]!);
    expect(existsSync(bin)).toBe(true);

    /** A container of the image: ENTRYPOINT + args, on loopback and a free port instead of 0.0.0.0:8080, its own working folder (a fresh pod). */
    const startContainer = async (args: string[], env: NodeJS.ProcessEnv, pod: string) => {
      const port = await freePort();
      const mapped = [...entrypoint.slice(2), ...args].map(inImage);
      mapped[mapped.indexOf('--host') + 1] = '127.0.0.1';
      mapped[mapped.indexOf('--port') + 1] = String(port);
      const stateDir = join(root, 'pods', pod);
      mkdirSync(stateDir, { recursive: true });
      const serve = startImageNeosl(bin, mapped, { cwd: stateDir, env: { GREETING: undefined, PUNCTUATION: undefined, ...env } });
      const url = await readyUrl(serve, `neosl ${args.join(' ')}`);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      return { serve, url, stateDir };
    };

    // What each function answers, asked over HTTP, and what `neosl invoke` gives for the same input on
    // the source project (fresh state, as each container starts with).
    type Answer = { status: number; body: unknown; xEcho: string | null };
    const ask: Record<string, (url: string) => Promise<Answer>> = {
      greet: async (url) => ({ ...(await callFunction(url, 'greet', { name: 'neo' })), xEcho: null }),
      count: async (url) => ({ ...(await callFunction(url, 'count', { by: 2 })), xEcho: null }),
      echo: async (url) => {
        const answer = await fetch(`${url}/echo/7?x=1`);
        return { status: answer.status, xEcho: answer.headers.get('x-echo'), body: await answer.json() };
      },
    };
    const secrets = { GREETING: 'Hello from the pod' };
    const invoke = async (fnArgs: string[]) => {
      const result = await spawnNeosl(['invoke', ...fnArgs, '--json'], { cwd: project, env: { ...secrets, PUNCTUATION: undefined } });
      expect(result.exitCode, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { result: unknown }).result;
    };
    const echoed = (await invoke(['echo', '--path', '/echo/7?x=1'])) as { statusCode: number; headers: Record<string, string>; body: unknown };
    const expected: Record<string, Answer> = {
      greet: { status: 200, body: await invoke(['greet', '--data', '{"name":"neo"}']), xEcho: null },
      count: { status: 200, body: await invoke(['count', '--data', '{"by":2}']), xEcho: null },
      echo: { status: echoed.statusCode, body: echoed.body, xEcho: echoed.headers['x-echo'] ?? null },
    };
    expect(expected.greet!.body).toEqual({ message: 'Hello from the pod, neo!' });
    expect(expected.count!.body).toEqual({ runs: 2 });
    expect(expected.echo).toEqual({ status: 200, body: { method: 'GET', path: '/echo/7', query: { x: '1' } }, xEcho: 'yes' });

    // 1. The image as the Dockerfile runs it (CMD): every function, the secret in the environment.
    const all = await startContainer(cmd, secrets, 'all');
    for (const fn of Object.keys(ask)) expect(await ask[fn]!(all.url), fn).toEqual(expected[fn]);
    // It ran the packed neosl, and kept its state in its working folder, not in /app.
    expect(all.serve.stderr()).toContain('knative-image-app');
    expect(existsSync(join(all.stateDir, '.neosl'))).toBe(true);
    expect(existsSync(join(root, 'app', '.neosl'))).toBe(false);
    all.serve.child.kill('SIGTERM');
    expect(await all.serve.exited, all.serve.stderr()).toBe(0);

    // 2. Each Knative Service as its pod runs it: its container's args (--function <fn>) and env, the
    // ConfigMap's values and the Secret's (created by the user, here the test's) filled in.
    const kustomization = parse(readFileSync(join(out, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const resources = kustomization.resources.map((file) => parse(readFileSync(join(out, file), 'utf8')) as KubeResource);
    const configMaps = new Map(resources.filter((resource) => resource.kind === 'ConfigMap').map((resource) => [resource.metadata.name, resource.data ?? {}]));
    const services = resources.filter((resource) => resource.kind === 'Service');
    expect(services).toHaveLength(3);
    const served: string[] = [];
    for (const service of services) {
      const container = service.spec!.template.spec.containers[0]!;
      const fn = container.args[container.args.indexOf('--function') + 1]!;
      const env: NodeJS.ProcessEnv = {};
      for (const entry of container.env ?? []) {
        const { configMapKeyRef, secretKeyRef } = entry.valueFrom ?? {};
        if (entry.value !== undefined) env[entry.name] = entry.value;
        else if (configMapKeyRef) env[entry.name] = configMaps.get(configMapKeyRef.name)![configMapKeyRef.key];
        else if (secretKeyRef) env[entry.name] = secrets[secretKeyRef.key as keyof typeof secrets];
      }
      const pod = await startContainer(container.args, env, service.metadata.name);
      expect(await ask[fn]!(pod.url), `the Service ${service.metadata.name}`).toEqual(expected[fn]);
      // Only its own function is served there.
      const other = Object.keys(ask).find((name) => name !== fn)!;
      expect((await ask[other]!(pod.url)).status, `${other} on the Service of ${fn}`).toBe(404);
      pod.serve.child.kill('SIGTERM');
      expect(await pod.serve.exited, pod.serve.stderr()).toBe(0);
      served.push(fn);
    }
    expect(served.sort()).toEqual(['count', 'echo', 'greet']);
  });
});

interface KubeResource {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    template: {
      spec: {
        containers: {
          args: string[];
          env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } } }[];
        }[];
      };
    };
  };
}
