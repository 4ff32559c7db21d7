// `neosl build` as a user runs it, on a copy of test/fixtures/build-project (two functions, one
// importing @neo-service/sdk/function, no node_modules: the SDK comes from neosl itself).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

const fixture = join(repoRoot, 'test/fixtures/build-project');

function copyFixture(): string {
  const dir = join(makeTempDir('neosl-build-'), 'app');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

interface JsonFunction {
  name: string;
  file: string;
  map: string;
  bytes: number;
  gzipBytes: number;
  sha256: string;
  exportName: string;
  coldStartMs: number;
  inputs?: { path: string; bytes: number; share: number }[];
}

describe('neosl build', () => {
  it('bundles every function, writes the manifest and prints a table of sizes and cold starts', async () => {
    const dir = copyFixture();
    const result = await spawnNeosl(['build'], { cwd: dir });
    expect(result.stderr).toContain('built hello, quote');
    expect(result.exitCode).toBe(0);

    for (const file of ['dist/hello/index.mjs', 'dist/hello/index.mjs.map', 'dist/quote/index.mjs', 'dist/quote/index.mjs.map']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as {
      version: number;
      neosl: string;
      functions: Record<string, { file: string; sha256: string; bytes: number; gzipBytes: number; exportName: string; config: { name: string; timeoutMs: number; environment: Record<string, string>; handler: { file: string } } }>;
    };
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(1);
    expect(manifest.neosl).toBe(version);
    expect(Object.keys(manifest.functions)).toEqual(['hello', 'quote']);
    expect(manifest.functions.hello).toMatchObject({ file: 'hello/index.mjs', exportName: 'hello', config: { name: 'hello', environment: { GREETING: 'hi' }, handler: { file: 'functions/hello/index.ts' } } });
    expect(manifest.functions.quote).toMatchObject({ file: 'quote/index.mjs', exportName: 'getQuote', config: { timeoutMs: 10_000 } });
    const bundle = readFileSync(join(dir, 'dist/hello/index.mjs'));
    expect(manifest.functions.hello!.bytes).toBe(bundle.byteLength);
    expect(manifest.functions.hello!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.functions.hello!.gzipBytes).toBeGreaterThan(0);

    expect(result.stdout).toMatch(/function\s*│\s*size\s*│\s*gzip\s*│\s*cold start/);
    expect(result.stdout).toMatch(/│ hello\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ ms\s*│/);
    expect(result.stdout).toMatch(/│ quote\s*│/);

    // The bundle runs on its own: the SDK is inside it.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'dist/hello/index.mjs')).href)}); process.stdout.write(JSON.stringify(await m.hello({ name: 'neo' })));`], {
      encoding: 'utf8',
      env: { ...process.env, GREETING: 'hey' },
    });
    expect(run.stdout).toBe('{"message":"hey, neo"}');
  });

  it('--json prints one document; --analyze adds each bundle\'s largest inputs', async () => {
    const dir = copyFixture();
    const result = await spawnNeosl(['build', '--json', '--analyze'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { outdir: string; manifest: string; functions: JsonFunction[] };
    expect(report.outdir).toBe(join(dir, 'dist'));
    expect(report.manifest).toBe(join(dir, 'dist/manifest.json'));
    expect(report.functions.map((fn) => fn.name)).toEqual(['hello', 'quote']);
    for (const fn of report.functions) {
      expect(fn).toMatchObject({ file: join(dir, 'dist', fn.name, 'index.mjs'), map: join(dir, 'dist', fn.name, 'index.mjs.map') });
      expect(fn.bytes).toBeGreaterThan(0);
      expect(fn.gzipBytes).toBeGreaterThan(0);
      expect(fn.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(fn.coldStartMs).toBeGreaterThan(0);
      expect(fn.inputs!.length).toBeGreaterThan(0);
    }
    const quote = report.functions.find((fn) => fn.name === 'quote')!;
    expect(quote.exportName).toBe('getQuote');
    expect(quote.inputs!.map((input) => input.path)).toEqual(['functions/quote/catalog.ts', 'functions/quote/index.ts']);
    expect(quote.inputs![0]!.share).toBeGreaterThan(0);
    expect(quote.inputs![0]!.share).toBeLessThan(1);
    // Tree-shaken: the catalog's unused export is not in the bundle.
    expect(readFileSync(quote.file, 'utf8')).not.toContain('UNUSED_CATALOG_REPORT_MARKER');
    expect(report.functions.find((fn) => fn.name === 'hello')!.inputs!.map((input) => input.path)).toContain('neosl/dist/sdk/neo-error.js');

    const human = await spawnNeosl(['build', '--analyze', 'quote'], { cwd: dir });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain('quote: the largest inputs of');
    expect(human.stdout).toMatch(/│ functions\/quote\/catalog\.ts\s*│\s*\d+ B\s*│\s*[\d.]+%\s*│/);
  });

  it('builds only the named functions, into --outdir, unminified with --no-minify', async () => {
    const dir = copyFixture();
    const result = await spawnNeosl(['build', 'quote', '--outdir', 'out', '--no-minify'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(dir, 'out/quote/index.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'out/hello'))).toBe(false);
    expect(readFileSync(join(dir, 'out/quote/index.mjs'), 'utf8')).toContain('async function getQuote(input)');
    expect(Object.keys((JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as { functions: object }).functions)).toEqual(['quote']);
  });

  it('a broken function: exit 1 with file:line and a code frame, while the other is still built', async () => {
    const dir = copyFixture();
    writeFileSync(
      join(dir, 'functions/hello/index.ts'),
      "import { NeoError } from '@neo-service/sdk/function';\nimport { readFileSync } from 'node:fss';\n\nexport const hello = async () => [NeoError, readFileSync];\n",
    );
    const result = await spawnNeosl(['build'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('hello: build failed with 1 error');
    expect(result.stderr).toContain('functions/hello/index.ts:2:30: "node:fss" is not a Node built-in module');
    expect(result.stderr).toContain("    2 │ import { readFileSync } from 'node:fss';");
    expect(result.stderr).toMatch(/╵ {30}~{10}/);
    expect(result.stderr).toContain('hint: Did you mean "node:fs"?');

    expect(existsSync(join(dir, 'dist/quote/index.mjs'))).toBe(true);
    expect(result.stdout).toMatch(/│ quote\s*│/);
    expect(result.stdout).not.toMatch(/│ hello\s*│/);
    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as { functions: object };
    expect(Object.keys(manifest.functions)).toEqual(['quote']);

    const json = await spawnNeosl(['build', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(1);
    const error = (JSON.parse(json.stdout) as { error: { code: string; diagnostics: { location: { file: string; line: number } }[] } }).error;
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.diagnostics[0]!.location).toMatchObject({ file: 'functions/hello/index.ts', line: 2 });
  });

  it('a syntax error: printed once, with "build failed" once, for a person and in --json', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'functions/hello/index.ts'), 'export const hello = async () => { return { a: 1 +  }; };\n');
    const result = await spawnNeosl(['build', 'hello'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('✘ error hello: build failed with 1 error\n');
    expect(result.stderr.match(/build failed/g)).toHaveLength(1);
    expect(result.stderr.match(/functions\/hello\/index\.ts:1:53: Unexpected "}"/g)).toHaveLength(1);
    expect(result.stderr.match(/1 │ export const hello/g)).toHaveLength(1);

    const json = await spawnNeosl(['build', 'hello', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(1);
    const { error } = JSON.parse(json.stdout) as { error: { code: string; message: string; diagnostics: { message: string }[] } };
    expect(error).toMatchObject({ code: 'BUILD_FAILED', message: 'hello: build failed with 1 error', diagnostics: [{ message: 'Unexpected "}"' }] });
    expect(json.stderr.match(/build failed/g)).toHaveLength(1);
  });

  it('a bundle that builds but throws when loaded: exit 1 naming it, the table and --json still show the rest', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'functions/hello/index.ts'), "throw new Error('no config at load time');\nexport const hello = async () => 'hi';\n");
    const result = await spawnNeosl(['build'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('hello: the bundle was built but');
    expect(result.stderr).toContain('no config at load time');
    expect(result.stderr).toContain('hello: the bundle was written but fails to load');
    expect(result.stdout).toMatch(/│ quote\s*│/);

    const json = await spawnNeosl(['build', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(1);
    const report = JSON.parse(json.stdout) as { functions: { name: string; coldStartError?: string }[] };
    expect(report.functions.find((fn) => fn.name === 'hello')?.coldStartError).toContain('no config at load time');
    expect(report.functions.find((fn) => fn.name === 'quote')?.coldStartError).toBeUndefined();
  });

  it('an --outdir that cannot be written: exit 1 naming the path, not a bug report', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'occupied'), 'a file where a folder should be');
    const result = await spawnNeosl(['build', '--outdir', 'occupied/dist'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*occupied\/dist\/\w+: a part of the path is a file, not a folder \(ENOTDIR\)/);
    expect(result.stderr).not.toContain('neosl hit a bug');
    const json = await spawnNeosl(['build', '--outdir', 'occupied/dist', '--json'], { cwd: dir });
    expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('PATH_NOT_WRITABLE');
  });

  it('an unknown function name: exit 2, listing the known ones with a did-you-mean', async () => {
    const dir = copyFixture();
    const result = await spawnNeosl(['build', 'helo'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown function "helo"');
    expect(result.stderr).toContain('hint: Did you mean "hello"?');
    expect(result.stderr).toContain('"hello", "quote"');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
