// buildProject's cold starts: one fresh import per function by default (side by side), the median
// of several when asked (--analyze), none for deploy; a function that fails to bundle is not timed
// and does not stop the others being timed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/bundler/build-project.js';
import { loadConfig } from '../../src/config/load.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { testProject, writeFiles } from './helpers.js';

afterAll(removeTempDirs);

const files = {
  'functions/a/index.ts': 'export const a = async () => 1;\n',
  'functions/b/index.ts': 'export const b = async () => 2;\n',
  // Module scope reads what an instance would have: .env, the function's environment, the project folder.
  'functions/reads/index.ts': [
    "if (process.env.FROM_DOTENV !== 'yes') throw new Error('FROM_DOTENV is ' + process.env.FROM_DOTENV);",
    "if (process.env.OWN !== 'mine') throw new Error('OWN is ' + process.env.OWN);",
    'export const reads = async () => 3;',
    '',
  ].join('\n'),
  'functions/broken/index.ts': 'export const broken = async () => { return 1 + ; };\n',
};

describe('buildProject cold starts', () => {
  it('times each built function once, skips the one that failed to bundle, and names each as it is measured', async () => {
    const project = await testProject(files, { a: null, b: null, broken: null });
    const measured: string[] = [];
    const result = await buildProject({ loaded: project.loaded, outdir: project.outdir, cwd: project.dir, onMeasure: (name) => measured.push(name) });
    expect(result.failures.map((failure) => failure.name)).toEqual(['broken']);
    expect(result.built.map((fn) => [fn.name, fn.coldStartRuns, fn.coldStartError])).toEqual([
      ['a', 1, undefined],
      ['b', 1, undefined],
    ]);
    for (const fn of result.built) expect(fn.coldStartMs).toBeGreaterThan(0);
    expect(measured.sort()).toEqual(['a', 'b']);
  });

  it('the median of several runs when asked; none at all with 0 runs', async () => {
    const project = await testProject(files, { a: null });
    const steady = await buildProject({ loaded: project.loaded, outdir: project.outdir, cwd: project.dir, coldStartRuns: 3 });
    expect(steady.built[0]).toMatchObject({ name: 'a', coldStartRuns: 3 });
    expect(steady.built[0]!.coldStartMs).toBeGreaterThan(0);

    const measured: string[] = [];
    const none = await buildProject({ loaded: project.loaded, outdir: project.outdir, cwd: project.dir, coldStartRuns: 0, onMeasure: (name) => measured.push(name) });
    expect(none.built[0]).toMatchObject({ name: 'a', coldStartMs: null, coldStartRuns: 0 });
    expect(measured).toEqual([]);
  });

  it("module scope sees .env and the function's environment, as an instance does", async () => {
    const project = await testProject({ ...files, '.env': 'FROM_DOTENV=yes\n' }, { reads: null });
    writeFiles(project.dir, { 'neosl.yaml': 'name: t\nfunctions:\n  reads:\n    environment: { OWN: mine }\n  other:\n    handler: functions/a/index.ts#a\n' });
    const loaded = await loadConfig({ cwd: project.dir, env: {} });
    const result = await buildProject({ loaded, outdir: project.outdir, cwd: project.dir, env: { PATH: process.env.PATH } });
    expect(result.built.map((fn) => [fn.name, fn.coldStartError])).toEqual([
      ['reads', undefined],
      ['other', undefined],
    ]);

    // Without the .env value the same module fails at load: the figure was not taken without it.
    rmSync(join(project.dir, '.env'));
    const withoutEnv = await loadConfig({ cwd: project.dir, env: {} });
    const failed = await buildProject({ loaded: withoutEnv, outdir: project.outdir, cwd: project.dir, env: { PATH: process.env.PATH } });
    expect(failed.built.find((fn) => fn.name === 'reads')).toMatchObject({ coldStartMs: null, coldStartRuns: 0 });
    expect(failed.built.find((fn) => fn.name === 'reads')!.coldStartError).toContain('FROM_DOTENV is undefined');
    expect(failed.built.find((fn) => fn.name === 'other')!.coldStartMs).toBeGreaterThan(0);
  });
});
