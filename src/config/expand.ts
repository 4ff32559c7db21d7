// `${env.NAME}` in a function's environment values, filled from the process environment and .env.

const REFERENCE = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The variable names `value` refers to, in order, without repeats. */
export function envReferences(value: string): string[] {
  return [...new Set([...value.matchAll(REFERENCE)].map((match) => match[1]!))];
}

/** `value` with every `${env.NAME}` replaced; `lookup` must have each name (see envReferences). */
export function expandEnvReferences(value: string, lookup: Readonly<Record<string, string | undefined>>): string {
  return value.replace(REFERENCE, (_, name: string) => lookup[name] ?? '');
}
