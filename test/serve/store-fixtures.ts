// Sample versions for the host store tests: a function config and project settings as a deploy sends them.
import { sampleFunctionConfig } from '../helpers/function-config.js';
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
  const config = sampleFunctionConfig(name);
  return { sha256: sha256(code), exportName: name, config };
}

export function newVersion(code = 'export const hello = () => "hi";', project = 'shop'): NewVersion {
  return { project, createdBy: 'ci', functions: { hello: functionOf('hello', code) }, settings };
}
