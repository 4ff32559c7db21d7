// Imports a function's bundle (once per instance: module scope lives as long as the instance) and
// picks its handler: the export named in the config, else the one named like the function, else
// the default export.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { NeoFunction } from '../../sdk/function.js';
import { runtimeError } from '../errors.js';
import { userStack } from '../user-stack.js';
import type { WorkerData } from '../protocol.js';
import type { InvocationError } from '../types.js';

export class StartFailure extends Error {
  constructor(readonly info: InvocationError) {
    super(info.message);
  }
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : type === 'undefined' ? 'undefined' : `a ${type}`;
}

function exportList(module: Record<string, unknown>): string {
  const names = Object.keys(module);
  return names.length ? `its exports are: ${names.join(', ')}` : 'it exports nothing';
}

export async function loadHandler(data: WorkerData): Promise<NeoFunction> {
  const { functionName: name, bundleFile, bundleShown } = data;
  if (!existsSync(bundleFile)) {
    throw new StartFailure(runtimeError('BUNDLE_NOT_FOUND', `function "${name}": the bundle ${bundleShown} does not exist (has the function been built?)`, {
      details: { bundleFile },
    }));
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(bundleFile).href)) as Record<string, unknown>;
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new StartFailure(runtimeError('MODULE_LOAD_FAILED', `function "${name}": loading ${bundleShown} failed: ${cause.message}`, {
      // Reading .stack applies the bundle's source map: the author's TypeScript lines, without neosl's.
      stack: userStack(cause.stack),
      details: { bundleFile },
    }));
  }

  const exportName = data.exportName ?? (Object.hasOwn(module, name) ? name : 'default');
  if (!Object.hasOwn(module, exportName)) {
    const wanted = data.exportName !== undefined ? `export named "${exportName}"` : `export named "${name}" and no default export`;
    throw new StartFailure(runtimeError('EXPORT_NOT_FOUND', `function "${name}": ${bundleShown} has no ${wanted}; ${exportList(module)}`, {
      details: { bundleFile, exportName },
    }));
  }
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    const shown = exportName === 'default' ? 'the default export' : `the export "${exportName}"`;
    throw new StartFailure(runtimeError('EXPORT_NOT_A_FUNCTION', `function "${name}": ${shown} of ${bundleShown} is ${describeKind(handler)}, not a function`, {
      details: { bundleFile, exportName },
    }));
  }
  return handler as NeoFunction;
}
