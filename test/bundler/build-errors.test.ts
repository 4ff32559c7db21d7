import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../src/bundler/bundle-function.js';
import type { Diagnostic, UserError } from '../../src/errors.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { testProject, type TestProject } from './helpers.js';

afterAll(removeTempDirs);

async function failure(project: TestProject, name: string): Promise<UserError> {
  const error = await bundleFunction({ projectDir: project.dir, fn: project.fn(name), outdir: project.outdir, cwd: project.dir }).then(
    () => undefined,
    (reason: unknown) => reason as UserError,
  );
  if (!error) throw new Error(`${name} built`);
  return error;
}

function only(error: UserError): Diagnostic {
  expect(error.diagnostics).toHaveLength(1);
  return error.diagnostics[0]!;
}

describe('build errors', () => {
  it('an unresolvable package: located at the import, hint "npm install <pkg>" (scoped names kept whole)', async () => {
    const project = await testProject(
      { 'functions/a/index.ts': "import chalk from 'chalkk';\nimport { z } from '@acme/schemas/v2';\nexport const a = async () => [chalk, z];\n" },
      { a: null },
    );
    const error = await failure(project, 'a');
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('a: build failed with 2 errors');
    const [first, second] = error.diagnostics;
    expect(first).toMatchObject({
      message: 'Could not resolve "chalkk"',
      location: { file: 'functions/a/index.ts', line: 1, column: 19, lineText: "import chalk from 'chalkk';", length: 8 },
    });
    expect(first!.hint).toContain('npm install chalkk');
    expect(first!.hint).not.toContain('external');
    expect(second!.location).toMatchObject({ line: 2 });
    expect(second!.hint).toContain('npm install @acme/schemas');
  });

  it('a missing relative file: the closest existing file, written as the import was', async () => {
    const project = await testProject(
      {
        'functions/b/format-amount.ts': 'export const formatAmount = (n: number) => n.toFixed(2);\n',
        'functions/b/index.ts': "import { formatAmount } from './format-amont.js';\nexport const b = async () => formatAmount(1);\n",
      },
      { b: null },
    );
    const diagnostic = only(await failure(project, 'b'));
    expect(diagnostic.message).toBe('Could not resolve "./format-amont.js"');
    expect(diagnostic.hint).toBe('did you mean "./format-amount.js"?');
  });

  it('a missing relative file with nothing close: what the folder holds, or that the folder does not exist', async () => {
    const project = await testProject(
      {
        'functions/c/helpers.ts': 'export const x = 1;\n',
        'functions/c/index.ts': "import { x } from './zzzzzz';\nimport { y } from '../nowhere/y.js';\nexport const c = async () => x + y;\n",
      },
      { c: null },
    );
    const [first, second] = (await failure(project, 'c')).diagnostics;
    expect(first!.hint).toMatch(/functions\/c holds .*"helpers\.ts"/);
    expect(second!.hint).toBe('there is no folder functions/nowhere');
  });

  it('a misspelled Node built-in: "fss" and "node:fss" → did you mean node:fs', async () => {
    const project = await testProject(
      { 'functions/d/index.ts': "import fs from 'fss';\nimport { readFile } from 'node:fss';\nimport cp from 'node:chid_process';\nexport const d = async () => [fs, readFile, cp];\n" },
      { d: null },
    );
    const [bare, prefixed, long] = (await failure(project, 'd')).diagnostics;
    expect(bare).toMatchObject({ message: 'Could not resolve "fss"', location: { line: 1 } });
    expect(bare!.hint).toContain('did you mean the Node built-in "node:fs"?');
    expect(prefixed).toMatchObject({ message: '"node:fss" is not a Node built-in module', location: { line: 2, column: 26 }, hint: 'did you mean "node:fs"?' });
    expect(long!.hint).toBe('did you mean "node:child_process"?');
  });

  it('an SDK module that does not exist', async () => {
    const project = await testProject({ 'functions/e/index.ts': "import { x } from '@neo-service/sdk/functions';\nexport const e = async () => x;\n" }, { e: null });
    const diagnostic = only(await failure(project, 'e'));
    expect(diagnostic.message).toBe('"@neo-service/sdk/functions" is not part of the SDK');
    expect(diagnostic.hint).toContain('did you mean "@neo-service/sdk/function"?');
  });

  it('a syntax error is located with esbuild\'s message (columns in characters, not bytes)', async () => {
    const project = await testProject({ 'functions/f/index.ts': "const s = 'héllo'; const = 1;\nexport const f = async () => s;\n" }, { f: null });
    const diagnostic = only(await failure(project, 'f'));
    expect(diagnostic.location).toMatchObject({ file: 'functions/f/index.ts', line: 1, column: 26 });
  });

  it('a missing handler export: located at the closest export, the hint lists the exports', async () => {
    const project = await testProject(
      { 'functions/greet/index.ts': "export const VERSION = 1;\n\nexport async function gret() {\n  return 'hi';\n}\n" },
      { greet: null },
    );
    const error = await failure(project, 'greet');
    expect(error.code).toBe('HANDLER_EXPORT_MISSING');
    const diagnostic = only(error);
    expect(diagnostic.location).toMatchObject({ file: 'functions/greet/index.ts', line: 3, column: 23, length: 4 });
    expect(diagnostic.hint).toContain('did you mean "gret"?');
    expect(diagnostic.hint).toContain('the file exports "VERSION", "gret"');
  });

  it('a missing "#export" named in neosl.yaml: line 1 when nothing is close', async () => {
    const project = await testProject({ 'functions/h/index.ts': 'export const alpha = async () => 1;\nexport default alpha;\n' }, { h: 'functions/h/index.ts#handler' });
    const error = await failure(project, 'h');
    expect(error.message).toBe('h: handler export "handler" not found in functions/h/index.ts');
    const diagnostic = only(error);
    expect(diagnostic.location).toMatchObject({ line: 1, column: 1 });
    expect(diagnostic.message).toContain('functions.h.handler');
    expect(diagnostic.hint).toContain('the file exports "alpha", "default"');
  });

  it('a handler file that disappeared after neosl.yaml was loaded: reported before esbuild, with its neosl.yaml key', async () => {
    const project = await testProject({ 'functions/gone/index.ts': 'export default async () => 1;\n', 'functions/gone/index.js': '' }, { gone: null });
    rmSync(join(project.dir, 'functions/gone/index.ts'));
    const error = await failure(project, 'gone');
    expect(error.code).toBe('HANDLER_NOT_FOUND');
    expect(error.message).toBe('gone: handler file functions/gone/index.ts does not exist');
    const diagnostic = only(error);
    expect(diagnostic.message).toBe('handler file "functions/gone/index.ts" (from functions.gone.handler in neosl.yaml, the default) does not exist');
    expect(diagnostic.hint).toBe('did you mean "functions/gone/index.js"? Create the file, or point functions.gone.handler at the right one.');
  });
});
