// Runs loadConfig expecting it to fail, for asserting on the UserError a user would see.
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { LoadConfigOptions } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';

export async function loadError(options: LoadConfigOptions): Promise<UserError> {
  const error = await loadConfig(options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** The diagnostics as [line, message, hint] triples, which is what the user reads. */
export function summary(error: UserError): [number | undefined, string, string | undefined][] {
  return error.diagnostics.map((d) => [d.location?.line, d.message, d.hint]);
}
