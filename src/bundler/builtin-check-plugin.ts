// A `node:` import that names no built-in would only fail when the function loads; esbuild leaves
// `node:` paths alone, so they are checked here, at build time.
import type { Plugin } from 'esbuild';
import { closestBuiltin, isBuiltin } from './builtin-modules.js';

export function builtinCheckPlugin(): Plugin {
  return {
    name: 'neosl-builtins',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const closest = closestBuiltin(args.path);
        return {
          errors: [
            {
              text: `"${args.path}" is not a Node built-in module`,
              detail: { hint: closest ? `did you mean "node:${closest}"?` : 'see https://nodejs.org/api/ for the built-in modules' },
            },
          ],
        };
      });
    },
  };
}
