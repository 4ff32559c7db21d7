// context.secrets: named values from .env / the environment locally. A missing secret is an error
// the function can catch, never an empty string. Without the secrets:read permission every get()
// rejects with PERMISSION_DENIED (and the host sends such an instance no secrets at all).
import type { Secrets } from '../context.js';
import { NeoError } from '../neo-error.js';
import { SECRETS_PERMISSION, type PermissionCheck } from '../permissions.js';

export function createSecrets(values: Readonly<Record<string, string>>, check: PermissionCheck): Secrets {
  return {
    async get(name: string): Promise<string> {
      const denied = check.denial(SECRETS_PERMISSION, `context.secrets.get(${JSON.stringify(String(name))})`);
      if (denied) throw denied;
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) {
        throw new NeoError('NOT_FOUND', `secret "${name}" is not set: add ${name}=… to .env (or the environment)`, { secret: name });
      }
      return value;
    },
  };
}
