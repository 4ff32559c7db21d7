// `@neo-service/sdk` and its subpaths resolve to neosl's own compiled SDK, so a project needs no
// package of that name: the neosl that builds the function is the SDK it runs against.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { packageRoot } from '../package-info.js';
import { didYouMean } from '../util/suggest.js';

/** Import name → file under `<neosl>/dist/sdk/` (without `.js`). */
export const SDK_ENTRY_POINTS: Readonly<Record<string, string>> = {
  '@neo-service/sdk': 'index',
  '@neo-service/sdk/function': 'function',
  '@neo-service/sdk/blockchain': 'blockchain',
  '@neo-service/sdk/testing': 'testing',
};

/** The compiled SDK file an import name stands for, or undefined for a name the SDK does not have. */
export function sdkEntryFile(specifier: string, root: string = packageRoot): string | undefined {
  const entry = SDK_ENTRY_POINTS[specifier];
  return entry === undefined ? undefined : join(root, 'dist', 'sdk', `${entry}.js`);
}

export function sdkAliasPlugin(root: string = packageRoot): Plugin {
  return {
    name: 'neosl-sdk',
    setup(build) {
      build.onResolve({ filter: /^@neo-service\/sdk(\/.*)?$/ }, (args) => {
        const file = sdkEntryFile(args.path, root);
        if (file === undefined) {
          const known = Object.keys(SDK_ENTRY_POINTS);
          const suggestion = didYouMean(args.path, known);
          return {
            errors: [
              {
                text: `"${args.path}" is not part of the SDK`,
                detail: { hint: `${suggestion ? `${suggestion} ` : ''}The SDK's modules are ${known.map((name) => `"${name}"`).join(', ')}.` },
              },
            ],
          };
        }
        if (!existsSync(file)) {
          return {
            errors: [{ text: `neosl's SDK is not built (${file} is missing)`, detail: { hint: 'run "npm run build" in the neosl checkout' } }],
          };
        }
        return { path: file };
      });
    },
  };
}
