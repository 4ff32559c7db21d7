import { describe, expect, it } from 'vitest';
import { canShowLiveDisplay, runsInCi } from '../../src/output/live-terminal.js';

describe('canShowLiveDisplay', () => {
  const terminal = { isTTY: true };

  it('is on for a terminal outside CI', () => {
    expect(canShowLiveDisplay(terminal, { TERM: 'xterm-256color' })).toBe(true);
  });

  it('is off for a pipe or a dumb terminal', () => {
    expect(canShowLiveDisplay({ isTTY: false }, {})).toBe(false);
    expect(canShowLiveDisplay({}, {})).toBe(false);
    expect(canShowLiveDisplay(terminal, { TERM: 'dumb' })).toBe(false);
  });

  it('is off in CI, where Ink would draw only the last frame, even on a terminal', () => {
    expect(canShowLiveDisplay(terminal, { CI: 'true' })).toBe(false);
    expect(canShowLiveDisplay(terminal, { CONTINUOUS_INTEGRATION: '1' })).toBe(false);
    expect(canShowLiveDisplay(terminal, { CI: 'false' })).toBe(true);
    expect(canShowLiveDisplay(terminal, { CI: '0' })).toBe(true);
  });

  it('reads CI the way Ink does', async () => {
    const { default: inkThinksCi } = await import('is-in-ci');
    expect(runsInCi(process.env)).toBe(inkThinksCi);
  });
});
