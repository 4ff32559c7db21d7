// context.secrets: named values from .env / the environment locally. A missing secret is an error
// the function can catch, never an empty string.
import type { Secrets } from '../context.js';
import { NeoError } from '../neo-error.js';

export function createSecrets(values: Readonly<Record<string, string>>): Secrets {
  return {
    async get(name: string): Promise<string> {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) {
        throw new NeoError('NOT_FOUND', `secret "${name}" is not set: add ${name}=… to .env (or the environment)`, { secret: name });
      }
      return value;
    },
  };
}
