// Sample versions for the host store tests: a function config and project settings as a deploy sends them.
import { createHash } from 'node:crypto';
import type { FunctionConfig } from '../../src/config/types.js';
import type { ProjectSettings, VersionFunction } from '../../src/host/api-types.js';
import type { NewVersion } from '../../src/serve/store/host-store.js';

export const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

export const settings: ProjectSettings = {
  cache: { memoryMaxEntries: 1000 },
  databaseUrl: 'sqlite://.neosl/data.db',
  blockchain: { contracts: {} },
};

export function functionOf(name: string, code: string): VersionFunction {
  const config = {
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
  } satisfies FunctionConfig;
  return { sha256: sha256(code), exportName: name, config };
}

export function newVersion(code = 'export const hello = () => "hi";', project = 'shop'): NewVersion {
  return { project, createdBy: 'ci', functions: { hello: functionOf('hello', code) }, settings };
}
