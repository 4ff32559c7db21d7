// Each function's `environment` exactly as neosl.yaml writes it: `${env.NAME}` not expanded. The
// loaded config holds the values expanded from .env and the shell, which must never reach a manifest.
import { readFileSync } from 'node:fs';
import { parseConfigDocument } from '../config/document.js';
import type { LoadedConfig } from '../config/types.js';
import { UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

type RawObject = Record<string, unknown>;

const isObject = (value: unknown): value is RawObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** function name → environment key → the value as written. Keys and functions are those of the loaded config. */
export function rawEnvironments(loaded: LoadedConfig): Map<string, Record<string, string>> {
  const shown = displayPath(loaded.file);
  let raw: unknown;
  try {
    raw = parseConfigDocument(readFileSync(loaded.file, 'utf8')).toJS();
  } catch (error) {
    throw new UserError(`cannot read ${shown} again for its environment values: ${(error as Error).message}`, { code: 'CONFIG_UNREADABLE', cause: error });
  }
  const functions = isObject(raw) && isObject(raw.functions) ? raw.functions : {};
  const result = new Map<string, Record<string, string>>();
  for (const [name, fn] of Object.entries(loaded.config.functions)) {
    const written = isObject(functions[name]) && isObject((functions[name] as RawObject).environment) ? ((functions[name] as RawObject).environment as RawObject) : {};
    const environment: Record<string, string> = {};
    for (const key of Object.keys(fn.environment)) {
      const writtenValue = written[key];
      // neosl.yaml may write a number or a boolean; the config reads it as its text.
      const value = typeof writtenValue === 'number' || typeof writtenValue === 'boolean' ? String(writtenValue) : writtenValue;
      if (typeof value !== 'string') {
        throw new UserError(`${shown} changed while neosl deploy was reading it: functions.${name}.environment.${key} is no longer a string`, { code: 'CONFIG_UNREADABLE', hint: 'run neosl deploy again' });
      }
      Object.defineProperty(environment, key, { value, enumerable: true, writable: true, configurable: true });
    }
    result.set(name, environment);
  }
  return result;
}
