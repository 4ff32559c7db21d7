// `neosl serve --from-dir`: how a built project is read. With --function (a container per function,
// as a Knative Service runs it) the platform scales the pods, so the process keeps one instance of
// the function, started with it; without it the project's own scaling applies.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltProject } from '../../src/serve/from-dir.js';
import { functionConfig } from '../runtime/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function builtProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'neosl-from-dir-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'neosl.yaml'), 'name: shop\nfunctions:\n  quote: {}\n  report: {}\n');
  mkdirSync(join(dir, 'dist'));
  const entry = (name: string) => ({
    file: `${name}/index.mjs`,
    sha256: '0'.repeat(64),
    bytes: 1,
    gzipBytes: 1,
    exportName: name,
    config: {
      ...functionConfig(name, { timeoutMs: 30_000, environment: { REGION: 'eu' }, scaling: { maxInstances: 8, targetConcurrency: 20, cooldownMs: 60_000 } }),
      handler: { file: `functions/${name}/index.ts`, raw: `functions/${name}/index.ts` },
    },
  });
  writeFileSync(join(dir, 'dist', 'manifest.json'), JSON.stringify({ version: 1, neosl: '0.0.0', functions: { quote: entry('quote'), report: entry('report') } }));
  return dir;
}

describe('serve --from-dir', () => {
  it('with --function: that function only, one instance kept, the rest of its scaling as built', () => {
    const built = loadBuiltProject(builtProject(), { functionName: 'quote', env: {} });
    expect([...built.functions.keys()]).toEqual(['quote']);
    expect(built.functions.get('quote')!.definition.config.scaling).toEqual({ minInstances: 1, maxInstances: 1, targetConcurrency: 20, cooldownMs: 60_000 });
  });

  it('without it: every function with the scaling of neosl.yaml', () => {
    const built = loadBuiltProject(builtProject(), { env: {} });
    expect([...built.functions.keys()]).toEqual(['quote', 'report']);
    expect(built.functions.get('report')!.definition.config.scaling).toEqual({ minInstances: 0, maxInstances: 8, targetConcurrency: 20, cooldownMs: 60_000 });
  });
});
