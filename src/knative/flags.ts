// Which `neosl deploy` flags belong to the Knative target and which to a neosl serve host, so the
// deploy command can tell (without loading the Knative modules) which of the two it was asked for.

export const KNATIVE_TARGET = 'knative';

export const KNATIVE_ONLY_FLAGS = [
  ['out', '--out'],
  ['image', '--image'],
  ['namespace', '--namespace'],
  ['force', '--force'],
  ['apply', '--apply'],
] as const;

export const HOST_ONLY_FLAGS = [
  ['message', '--message'],
  ['dryRun', '--dry-run'],
  ['canary', '--canary'],
  ['watch', '--watch'],
  ['maxErrorRate', '--max-error-rate'],
  ['maxP99Regression', '--max-p99-regression'],
  ['yes', '--yes'],
] as const;

type Flags = readonly (readonly [string, string])[];

/** The flags of `flags` that were given (a boolean flag counts when true). */
export function givenFlags(options: Record<string, unknown>, flags: Flags): string[] {
  return flags.filter(([key]) => options[key] !== undefined && options[key] !== false).map(([, flag]) => flag);
}

/** `neosl deploy` was asked for Knative manifests: --target knative, or a flag only they take. */
export function wantsKnative(options: Record<string, unknown>): boolean {
  return options.target === KNATIVE_TARGET || givenFlags(options, KNATIVE_ONLY_FLAGS).length > 0;
}
