// A resolved FunctionConfig for tests that need one without loading a neosl.yaml: a plain function
// at POST /functions/<name>, its handler at functions/<name>/index.ts.
import type { FunctionConfig } from '../../src/config/types.js';

export function sampleFunctionConfig(name: string, extra: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    name,
    handler: { file: `functions/${name}/index.ts`, raw: `functions/${name}/index.ts` },
    timeoutMs: 30_000,
    memoryMb: 128,
    environment: {},
    scaling: { minInstances: 0, maxInstances: 10, targetConcurrency: 1, cooldownMs: 60_000 },
    triggers: [{ kind: 'http', method: 'POST', path: `/functions/${name}` }],
    bench: { connections: 10, durationMs: 10_000 },
    permissions: [],
    secrets: [],
    ...extra,
  };
}
