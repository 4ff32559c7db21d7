// The project's functions for a bench run: a function host (no watcher, no dashboard, no output of
// its own) on a free loopback port, serving a fresh build of each function. A function to bench
// that did not build (or start) is an error here, with the build's located diagnostics, before any
// load is sent.
import { createFunctionBuilder, type BundleResult } from '../bundler/bundle-function.js';
import { loadConfig } from '../config/load.js';
import { buildFailureHeadline } from '../output/build-failure-text.js';
import { isUserError, UserError } from '../errors.js';
import { createFunctionHost } from '../host/function-host.js';
import { projectBackends, projectHostSettings } from '../host/project-host.js';
import { localBuildDir } from '../local-state.js';

export interface LocalEmulator {
  url: string;
  close(): Promise<void>;
}

const LISTEN_HOST = '127.0.0.1';

export async function startLocalEmulator(options: { cwd: string; env: NodeJS.ProcessEnv; persistTo: string; functions: string[] }): Promise<LocalEmulator> {
  const loaded = await loadConfig({ cwd: options.cwd, env: options.env });
  const projectDir = loaded.dir;
  const functions = Object.values(loaded.config.functions);
  const outdir = localBuildDir(projectDir);
  // Every function builds (a benched one may call the others); only the benched ones must succeed.
  const builds = await Promise.allSettled(
    functions.map(async (fn): Promise<BundleResult> => {
      const builder = createFunctionBuilder({ projectDir, fn, outdir, minify: false, incremental: false });
      try {
        return await builder.build();
      } finally {
        await builder.dispose();
      }
    }),
  );
  functions.forEach((fn, index) => {
    const build = builds[index]!;
    if (build.status === 'fulfilled' || !options.functions.includes(fn.name)) return;
    const failure = build.reason as unknown;
    if (!isUserError(failure)) throw failure;
    const diagnostics = [...(failure.location ? [{ message: failure.message, location: failure.location }] : []), ...failure.diagnostics];
    throw new UserError(`cannot bench ${buildFailureHeadline(fn.name, failure.message, diagnostics)}`, { code: 'BUILD_FAILED', diagnostics });
  });

  const host = await createFunctionHost({
    kind: 'dev',
    projectDir,
    listenHost: LISTEN_HOST,
    port: 0,
    settings: projectHostSettings(loaded, LISTEN_HOST),
    backends: projectBackends(loaded, options.env, options.persistTo),
    env: { ...loaded.dotenv },
    secrets: { ...(options.env as Record<string, string>), ...loaded.dotenv },
    standbyWorker: false,
  });
  const startFailures = new Map<string, string>();
  host.events.on('error', (event) => {
    if (event.functionName !== undefined) startFailures.set(event.functionName, event.message);
  });
  await host.setFunctions(functions);
  const started = performance.now();
  await Promise.all(
    functions.map((fn, index) => {
      const build = builds[index]!;
      if (build.status === 'rejected') return undefined;
      const bundle = build.value;
      return host.load(fn.name, { key: bundle.sha256, definition: { config: fn, bundleFile: bundle.outputFile, exportName: bundle.exportName } }, 'start', started);
    }),
  );
  const failed = options.functions.find((name) => startFailures.has(name));
  if (failed !== undefined) {
    await host.close();
    throw new UserError(`cannot bench "${failed}": ${startFailures.get(failed)}`, { code: 'START_FAILED' });
  }
  await host.listen();
  return { url: host.url, close: () => host.close() };
}
