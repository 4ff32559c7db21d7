// The function host of `neosl serve` on real bundles, for the host tests: a temp folder (the project
// dir) the bundles are written to, hosts made with the serve settings every test shares (loopback,
// permissive access, an in-memory database), each closed after its test and the folder removed
// after the file. Call useHostFixture() at the top of a test file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { createFunctionHost, type FunctionHost, type FunctionHostOptions } from '../../src/host/function-host.js';

export interface HostFixture {
  /** The temp project folder (set in beforeAll). */
  readonly dir: string;
  /** Writes an ES module bundle (plain JS, nothing to build) `<file>.mjs` under the folder; its path. */
  bundle(file: string, source: string): string;
  /** A serve host on 127.0.0.1, port 0 (not listening yet); `options` replace the shared ones, `backends` field by field. */
  createHost(options?: Omit<Partial<FunctionHostOptions>, 'backends'> & { backends?: Partial<FunctionHostOptions['backends']> }): Promise<FunctionHost>;
}

export function useHostFixture(dirPrefix: string): HostFixture {
  let dir = '';
  const hosts: FunctionHost[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), dirPrefix));
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  return {
    get dir() {
      return dir;
    },
    bundle(file, source) {
      const path = join(dir, `${file}.mjs`);
      writeFileSync(path, source);
      return path;
    },
    async createHost({ backends, ...options } = {}) {
      const host = await createFunctionHost({
        kind: 'serve',
        projectDir: dir,
        listenHost: '127.0.0.1',
        port: 0,
        settings: {
          bodyLimitBytes: 1_000_000,
          bodyTimeoutMs: 30_000,
          access: new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: true, allowedOrigins: ['*'] }),
          rpcAllowedOrigins: [],
        },
        backends: { databaseFile: ':memory:', blockchain: { contracts: {} }, chainEnv: {}, memoryCacheMaxEntries: 1000, ...backends },
        env: {},
        secrets: {},
        standbyWorker: false,
        ...options,
      });
      hosts.push(host);
      return host;
    },
  };
}
