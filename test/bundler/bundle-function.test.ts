import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction, createFunctionBuilder } from '../../src/bundler/bundle-function.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { runModuleScript, testProject, writeFiles } from './helpers.js';

afterAll(removeTempDirs);

const callHandler = (exportName: string, input: unknown) => `
const mod = await import(process.argv[1]);
try {
  process.stdout.write(JSON.stringify({ ok: await mod[${JSON.stringify(exportName)}](${JSON.stringify(input)}) }));
} catch (error) {
  process.stdout.write(JSON.stringify({ name: error.name, code: error.code, statusCode: error.statusCode, message: error.message }));
}`;

describe('bundleFunction', () => {
  it('resolves @neo-service/sdk/function to neosl\'s SDK: the bundle imports and runs in Node with no such package installed', async () => {
    const project = await testProject(
      {
        'functions/hello/index.ts': `import { NeoError } from '@neo-service/sdk/function';
export const hello = async (input: { name?: string }) => {
  if (!input.name) throw new NeoError('INVALID_INPUT', 'name is required');
  return { message: 'hi ' + input.name };
};
`,
      },
      { hello: null },
    );
    const result = await bundleFunction({ projectDir: project.dir, fn: project.fn('hello'), outdir: project.outdir });

    expect(result.outputFile).toBe(join(project.outdir, 'hello', 'index.mjs'));
    expect(result.mapFile).toBe(`${result.outputFile}.map`);
    expect(existsSync(result.mapFile)).toBe(true);
    const code = readFileSync(result.outputFile);
    expect(result.bytes).toBe(code.byteLength);
    expect(result.sha256).toBe(createHash('sha256').update(code).digest('hex'));
    expect(result.gzipBytes).toBeGreaterThan(0);
    expect(result.exports).toEqual(['hello']);
    expect(result.exportName).toBe('hello');
    expect(result.inputs.map((input) => input.path)).toEqual(expect.arrayContaining(['functions/hello/index.ts', 'neosl/dist/sdk/neo-error.js']));
    expect(code.toString()).not.toContain('@neo-service/sdk');
    // No bundled CommonJS: the createRequire banner is blanked (its lines kept for the source map).
    expect(code.toString()).not.toContain('node:module');
    expect(code.toString()).toMatch(/^\n\n/);

    const ok = await runModuleScript(callHandler('hello', { name: 'neo' }), [pathToFileURL(result.outputFile).href]);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: { message: 'hi neo' } });
    const thrown = await runModuleScript(callHandler('hello', {}), [pathToFileURL(result.outputFile).href]);
    expect(JSON.parse(thrown.stdout)).toEqual({ name: 'NeoError', code: 'INVALID_INPUT', statusCode: 400, message: 'name is required' });
  });

  it('tree-shakes: an unused export of a big module is not in the bundle', async () => {
    const unusedBody = Array.from({ length: 200 }, (_, i) => `  'UNUSED_TABLE_ROW_${i}',`).join('\n');
    const project = await testProject(
      {
        'functions/shaken/big.ts': `export const used = () => 'USED_MARKER';\nexport function unusedTable() {\n  return [\n${unusedBody}\n  ];\n}\n`,
        'functions/shaken/index.ts': `import { used } from './big.js';\nexport default async () => used();\n`,
      },
      { shaken: null },
    );
    const result = await bundleFunction({ projectDir: project.dir, fn: project.fn('shaken'), outdir: project.outdir });
    const code = readFileSync(result.outputFile, 'utf8');
    expect(code).toContain('USED_MARKER');
    expect(code).not.toContain('UNUSED_TABLE_ROW');
    expect(result.exportName).toBe('default');
    expect(result.bytes).toBeLessThan(1000);
  });

  it('writes a source map that maps a thrown error back to the TypeScript line', async () => {
    const project = await testProject(
      {
        'functions/fail/index.ts': [
          "import { NeoError } from '@neo-service/sdk/function';",
          'interface Input { reason: string }',
          '',
          'export const fail = async (input: Input): Promise<never> => {',
          '  const detail: string = `because ${input.reason}`;',
          "  throw new NeoError('INTERNAL', detail);",
          '};',
          '',
        ].join('\n'),
      },
      { fail: null },
    );
    const result = await bundleFunction({ projectDir: project.dir, fn: project.fn('fail'), outdir: project.outdir });
    const map = JSON.parse(readFileSync(result.mapFile, 'utf8')) as { sources: string[]; sourcesContent: string[] };
    const index = map.sources.findIndex((source) => source.endsWith('functions/fail/index.ts'));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(map.sourcesContent[index]).toContain('interface Input');
    expect(readFileSync(result.outputFile, 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);

    const run = await runModuleScript(
      `process.setSourceMapsEnabled(true);
const mod = await import(process.argv[1]);
try { await mod.fail({ reason: 'x' }); } catch (error) { process.stdout.write(error.stack); }`,
      [pathToFileURL(result.outputFile).href],
    );
    expect(run.stdout).toContain('because x');
    expect(run.stdout).toMatch(/functions\/fail\/index\.ts:6:\d+/);
  });

  it('leaves native addons external and lets bundled CommonJS require Node built-ins', async () => {
    const project = await testProject(
      {
        'node_modules/cjs-dep/package.json': '{ "name": "cjs-dep", "main": "index.js" }',
        'node_modules/cjs-dep/index.js': "const path = require('node:path');\nconst os = require('os');\nmodule.exports = { base: (p) => path.basename(p), eol: os.EOL };\n",
        'node_modules/fake-addon/package.json': '{ "name": "fake-addon", "main": "index.js", "gypfile": true }',
        'node_modules/fake-addon/index.js': "module.exports = require('./build/Release/addon.node');\n",
        'functions/native/index.ts': `import { base } from 'cjs-dep';
export async function native(input: { load?: boolean }) {
  if (input.load) {
    await import('better-sqlite3');
    await import('fake-addon');
  }
  return base('/a/b/c.txt');
}
`,
      },
      { native: null },
    );
    const result = await bundleFunction({ projectDir: project.dir, fn: project.fn('native'), outdir: project.outdir });
    const code = readFileSync(result.outputFile, 'utf8');
    expect(code).toMatch(/import\(\s*"better-sqlite3"\s*\)/);
    expect(code).toMatch(/import\(\s*"fake-addon"\s*\)/);
    expect(code).not.toContain('addon.node');
    expect(code).toContain("import { createRequire as __neoslCreateRequire } from 'node:module';");
    const run = await runModuleScript(callHandler('native', {}), [pathToFileURL(result.outputFile).href]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ok: 'c.txt' });
  });

  it('keeps every Node built-in external, with or without "node:" (node:test only with it)', async () => {
    const project = await testProject(
      {
        'functions/builtins/index.ts': `import { readFile } from 'node:fs/promises';
import path from 'path';
import test from 'node:test';
export const builtins = async () => [typeof readFile, path.sep, typeof test];
`,
      },
      { builtins: null },
    );
    const result = await bundleFunction({ projectDir: project.dir, fn: project.fn('builtins'), outdir: project.outdir });
    const run = await runModuleScript(callHandler('builtins', {}), [pathToFileURL(result.outputFile).href]);
    expect(JSON.parse(run.stdout)).toEqual({ ok: ['function', '/', 'function'] });
  });

  it('keeps the code readable with minify: false', async () => {
    const project = await testProject({ 'functions/plain/index.ts': 'export const plain = async () => { const readableName = 1; return readableName; };\n' }, { plain: null });
    const minified = await bundleFunction({ projectDir: project.dir, fn: project.fn('plain'), outdir: project.outdir });
    expect(readFileSync(minified.outputFile, 'utf8')).not.toContain('readableName');
    const readable = await bundleFunction({ projectDir: project.dir, fn: project.fn('plain'), outdir: project.outdir, minify: false });
    expect(readFileSync(readable.outputFile, 'utf8')).toContain('readableName');
  });
});

describe('createFunctionBuilder (incremental)', () => {
  it('rebuilds after an edit and picks it up; a broken edit fails, the fix builds again', async () => {
    const project = await testProject({ 'functions/live/index.ts': "export const live = async () => 'VERSION_ONE';\n" }, { live: null });
    const file = join(project.dir, 'functions/live/index.ts');
    const builder = createFunctionBuilder({ projectDir: project.dir, fn: project.fn('live'), outdir: project.outdir });
    try {
      const first = await builder.build();
      expect(readFileSync(first.outputFile, 'utf8')).toContain('VERSION_ONE');

      writeFileSync(file, "export const live = async () => 'VERSION_TWO';\n");
      const second = await builder.build();
      expect(readFileSync(second.outputFile, 'utf8')).toContain('VERSION_TWO');
      expect(second.sha256).not.toBe(first.sha256);

      writeFileSync(file, "export const live = async () => 'VERSION_THREE'\nconst = ;\n");
      await expect(builder.build()).rejects.toMatchObject({ code: 'BUILD_FAILED' });
      expect(readFileSync(second.outputFile, 'utf8')).toContain('VERSION_TWO'); // the last good bundle stays

      writeFiles(project.dir, { 'functions/live/index.ts': "import { suffix } from './suffix.js';\nexport const live = async () => 'VERSION_FOUR' + suffix;\n", 'functions/live/suffix.ts': "export const suffix = '!';\n" });
      const fourth = await builder.build();
      expect(readFileSync(fourth.outputFile, 'utf8')).toContain('VERSION_FOUR');
    } finally {
      await builder.dispose();
    }
    await expect(builder.build()).rejects.toThrow(/disposed/);
  });

  it('serialises concurrent builds', async () => {
    const project = await testProject({ 'functions/twice/index.ts': 'export default async () => 1;\n' }, { twice: null });
    const builder = createFunctionBuilder({ projectDir: project.dir, fn: project.fn('twice'), outdir: project.outdir });
    try {
      const [a, b] = await Promise.all([builder.build(), builder.build()]);
      expect(a.sha256).toBe(b.sha256);
    } finally {
      await builder.dispose();
    }
  });
});
