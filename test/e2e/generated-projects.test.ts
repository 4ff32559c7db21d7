// Every template, as a user gets it and a teammate or CI then uses it: `neosl init` from this checkout
// (installing it), the project copied without node_modules to a folder with no checkout beside it and
// the original deleted, then in the copy: the steps of its generated CI workflow (npm ci, typecheck,
// tests, the bench smoke), every command of its README's sh blocks, and every "Next steps" command
// `neosl init` printed. Each must succeed as written; a server (`npm run dev`, `npx neosl dev`) must
// come up and stop cleanly on SIGINT. Last, the project's own neosl packs itself into a new project.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { localPrebuildEnv } from '../helpers/native-prebuilds.js';
import { projectEnv } from '../helpers/project-env.js';
import { runServerUntilReady, runShell } from '../helpers/shell.js';
import { neoslBin, repoRoot } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs, 300_000);

const templates = ['hello', 'http-api', 'cached', 'database', 'blockchain', 'scheduled'];
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const templateManifest = (template: string) =>
  JSON.parse(readFileSync(join(repoRoot, 'templates', template, 'template.json'), 'utf8')) as { defaultName: string; function: Record<string, unknown> };

const env = projectEnv(localPrebuildEnv(makeTempDir('neosl-prebuilds-')));

/** Servers listen on the default port 8700 as the README says: one at a time. */
let portQueue: Promise<unknown> = Promise.resolve();
function onDefaultPort<T>(run: () => Promise<T>): Promise<T> {
  const result = portQueue.then(run);
  portQueue = result.catch(() => undefined);
  return result;
}

const isServer = (command: string) => /^(npm run dev|npx neosl dev)\b/.test(command);

/** `neosl init` as a user runs it (from the checkout, with npm install): its exit code and stdout. */
function init(parent: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [neoslBin, 'init', ...args], { cwd: parent, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** The commands of the README's ```sh blocks, without their comments. */
function readmeCommands(readme: string): string[] {
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]!
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** The `run:` steps of the generated workflow, in order. */
function workflowSteps(workflowYaml: string): { name?: string; run: string }[] {
  const workflow = parse(workflowYaml) as { jobs: Record<string, { steps: { name?: string; run?: string }[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step): step is { name?: string; run: string } => typeof step.run === 'string'));
}

function printedNextSteps(stdout: string): string[] {
  const section = stdout.slice(stdout.indexOf('Next steps:'));
  return section.split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
}

async function expectRuns(command: string, cwd: string, where: string): Promise<string> {
  if (isServer(command)) {
    const server = await onDefaultPort(() => runServerUntilReady(command, cwd, env));
    expect(server.ready, `${where}: ${command} never said "Ready on":\n${server.output.slice(-3000)}`).toBe(true);
    expect({ code: server.code, signal: server.signal }, `${where}: ${command} after SIGINT:\n${server.output.slice(-3000)}`).toEqual({ code: 0, signal: null });
    return server.output;
  }
  const run = await runShell(command, cwd, env);
  expect(run.code, `${where}: ${command}\n${run.output.slice(-4000)}`).toBe(0);
  return run.output;
}

describe('generated projects, away from the checkout', () => {
  it.concurrent.each(templates)('the %s template installs, passes its workflow and runs every command of its README and next steps', async (template) => {
    // 1. neosl init, as a user runs it, in a folder beside nothing.
    const madeIn = makeTempDir('neosl-made-');
    const made = await init(madeIn, [`app-${template}`, '--template', template]);
    expect(made.code, made.stderr.slice(-4000)).toBe(0);
    const original = join(madeIn, `app-${template}`);
    const manifest = JSON.parse(readFileSync(join(original, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies.neosl).toBe(`file:vendor/neosl-${version}.tgz`);
    const lock = JSON.parse(readFileSync(join(original, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    expect(lock.packages['node_modules/neosl']!.resolved).toBe(`file:vendor/neosl-${version}.tgz`);

    // 2. Copied elsewhere without node_modules (a clone, a CI checkout); the original is gone.
    const copy = join(makeTempDir('neosl-copied-'), basename(original));
    cpSync(original, copy, { recursive: true, filter: (source) => !relative(original, source).split(sep).includes('node_modules') });
    rmSync(madeIn, { recursive: true, force: true });

    // 3. The workflow's steps, as CI runs them.
    for (const step of workflowSteps(readFileSync(join(copy, '.github/workflows/neosl.yml'), 'utf8'))) {
      const run = await runShell(step.run, copy, { ...env, CI: 'true' });
      expect(run.code, `workflow step "${step.name ?? step.run}":\n${run.output.slice(-4000)}`).toBe(0);
      if (/neosl bench/.test(step.run)) {
        const { results } = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { results: { function: string; errorRate: number; requests: { total: number } }[] };
        expect(results.map((result) => result.function)).toEqual('bench' in templateManifest(template).function ? [templateManifest(template).defaultName] : []);
        for (const result of results) {
          expect(result.errorRate, `${result.function}: ${run.output.slice(-2000)}`).toBe(0);
          expect(result.requests.total).toBeGreaterThan(0);
        }
      }
    }

    // 4. Every command of the README, in order.
    const readme = readFileSync(join(copy, 'README.md'), 'utf8');
    const commands = readmeCommands(readme);
    expect(commands).toEqual(expect.arrayContaining(['npm install', 'npm test', `npx neosl invoke ${templateManifest(template).defaultName}`, 'npm run dev']));
    for (const command of commands) await expectRuns(command, copy, 'README.md');

    // 5. The next steps init printed, with `cd` taken to the copy.
    const steps = printedNextSteps(made.stdout);
    expect(steps[0]).toBe(`cd app-${template}`);
    expect(resolve(madeIn, steps[0]!.slice(3))).toBe(original);
    expect(steps.slice(1)).toEqual(['npm test', `npx neosl invoke ${templateManifest(template).defaultName}`, 'npx neosl dev']);
    for (const step of steps.slice(1)) await expectRuns(step, copy, 'next steps');

    // 6. The project's own neosl (installed from its tarball, not the registry) packs itself again.
    const again = await runShell('npx neosl init ../again --no-install --json', copy, env);
    expect(again.code, again.output.slice(-2000)).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ neosl: { spec: `file:vendor/neosl-${version}.tgz`, source: 'vendored' } });
    expect(readFileSync(join(copy, '..', 'again', 'vendor', `neosl-${version}.tgz`)).length).toBeGreaterThan(100_000);
    rmSync(copy, { recursive: true, force: true });
  }, 1_200_000);
});
