// Runtimes on the fixture bundles of test/fixtures/runtime, closed after each test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { FunctionConfig, Permission, ScalingConfig } from '../../src/config/types.js';
import { createRuntime, type FunctionDefinition, type Runtime, type RuntimeOptions } from '../../src/runtime/index.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/runtime/', import.meta.url));
const sdkDir = fileURLToPath(new URL('../../src/sdk/', import.meta.url));
const repoDir = fileURLToPath(new URL('../../', import.meta.url));

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

export interface ConfigOverrides {
  timeoutMs?: number;
  memoryMb?: number;
  environment?: Record<string, string>;
  scaling?: Partial<ScalingConfig>;
  permissions?: Permission[];
}

export function functionConfig(name: string, overrides: ConfigOverrides = {}): FunctionConfig {
  return {
    name,
    handler: { file: join(fixturesDir, `${name}.ts`), raw: `functions/${name}/index.ts` },
    timeoutMs: overrides.timeoutMs ?? 10_000,
    memoryMb: overrides.memoryMb ?? 256,
    secrets: [],
    environment: overrides.environment ?? {},
    scaling: { minInstances: 0, maxInstances: 10, targetConcurrency: 80, cooldownMs: 300_000, ...overrides.scaling },
    triggers: [{ kind: 'http', method: 'POST', path: `/functions/${name}` }],
    bench: { connections: 50, durationMs: 10_000 },
    permissions: overrides.permissions ?? [],
  };
}

/** A function definition on a fixture bundle; the export defaults to the function's name. */
export function fn(name: string, bundle: string, overrides: ConfigOverrides & { exportName?: string } = {}): FunctionDefinition {
  const definition: FunctionDefinition = { config: functionConfig(name, overrides), bundleFile: bundle.includes('/') ? bundle : fixture(bundle) };
  if (overrides.exportName !== undefined) definition.exportName = overrides.exportName;
  return definition;
}

const open: Runtime[] = [];

export function startRuntime(functions: Record<string, FunctionDefinition>, options: Partial<RuntimeOptions> = {}): Runtime {
  const runtime = createRuntime({ projectDir: repoDir, state: { databaseFile: ':memory:' }, ...options, functions });
  open.push(runtime);
  return runtime;
}

export async function closeRuntimes(): Promise<void> {
  await Promise.all(open.splice(0).map((runtime) => runtime.close()));
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// '@neo-service/sdk/*' resolved to the SDK sources, as the bundler resolves it to neosl's SDK.
const sdkAlias: Plugin = {
  name: 'sdk-alias',
  setup(context) {
    context.onResolve({ filter: /^@neo-service\/sdk(\/.*)?$/ }, (args) => ({ path: join(sdkDir, `${args.path.slice('@neo-service/sdk/'.length) || 'index'}.ts`) }));
  },
};

/** Bundles TypeScript source (written to dir/name.ts) to dir/name.mjs with a linked source map (.mjs.map). */
export async function bundleSource(dir: string, name: string, source: string): Promise<{ sourceFile: string; bundleFile: string }> {
  const sourceFile = join(dir, `${name}.ts`);
  const bundleFile = join(dir, `${name}.mjs`);
  writeFileSync(sourceFile, source);
  await build({
    entryPoints: [sourceFile],
    outfile: bundleFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    plugins: [sdkAlias],
    logLevel: 'silent',
  });
  return { sourceFile, bundleFile };
}
