// The environment of a shell in a generated project, as a user would have it: without this test run's
// VITEST* variables (a nested vitest would take them as its own), without what `npm test` of this
// checkout adds for its scripts (npm_package_*, npm_lifecycle_*, the local prefix, node_modules/.bin
// on the PATH), so that nothing reaches back into the checkout, and with npm preferring its cache.
// npm settings from the machine (npm_config_registry, …) stay.
import { delimiter } from 'node:path';
import { repoRoot } from './spawn-neosl.js';

export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV' && !/^npm_(package_|lifecycle_|command$|config_local_prefix$)/.test(key) && key !== 'INIT_CWD' && key !== 'FORCE_COLOR',
  );
  const env: NodeJS.ProcessEnv = Object.fromEntries(kept);
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.startsWith(repoRoot.replace(/\/$/, '')))
    .join(delimiter);
  return { ...env, NO_COLOR: '1', npm_config_prefer_offline: 'true', ...extra };
}
