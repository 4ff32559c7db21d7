// Whether a live, redrawing display (the Ink dashboards) can be shown on a stream.
// Ink draws only the last frame, at exit, when it believes it runs in CI (the `is-in-ci` rule:
// CI or CONTINUOUS_INTEGRATION set and not "0"/"false"), so there a live display would show nothing
// for the whole session; plain lines are the right output then, even on a terminal.

function flagSet(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  return value !== undefined && value !== '0' && value !== 'false';
}

export function runsInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return flagSet(env, 'CI') || flagSet(env, 'CONTINUOUS_INTEGRATION');
}

export function canShowLiveDisplay(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb' && !runsInCi(env);
}
