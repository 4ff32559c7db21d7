// neosl.yaml `blockchain:`: the block interval (a duration or "manual") and the in-process chain's
// contract answers, with the mistakes a user makes in them.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';
import { loadError, summary } from './load-helpers.js';

const project = (blockchain: string[]) =>
  tempProject({ ...HELLO_HANDLER, 'neosl.yaml': ['name: app', 'functions:', '  hello: {}', 'blockchain:', ...blockchain.map((line) => `  ${line}`), ''].join('\n') });

describe('neosl.yaml blockchain', () => {
  it('defaults to a block a second, takes a duration, or "manual" for blocks only when mined', async () => {
    expect((await loadConfig({ cwd: tempProject({ ...HELLO_HANDLER, 'neosl.yaml': 'name: app\nfunctions:\n  hello: {}\n' }) })).config.blockchain).toEqual({ blockIntervalMs: 1000, contracts: {} });
    expect((await loadConfig({ cwd: project(['blockInterval: 15s']) })).config.blockchain.blockIntervalMs).toBe(15_000);
    const manual = (await loadConfig({ cwd: project(['blockInterval: manual']) })).config.blockchain;
    expect(manual.blockIntervalMs).toBeUndefined();
  });

  it('takes contract answers as a result stack or as parts of an invoke result', async () => {
    const { config } = await loadConfig({
      cwd: project([
        'contracts:',
        '  "0x1234567890abcdef1234567890abcdef12345678":',
        '    getPrice: [{ type: Integer, value: "4200" }]',
        '    pause: { state: FAULT, exception: paused by the owner }',
      ]),
    });
    expect(config.blockchain.contracts).toEqual({
      '0x1234567890abcdef1234567890abcdef12345678': {
        getPrice: { stack: [{ type: 'Integer', value: '4200' }] },
        pause: { state: 'FAULT', exception: 'paused by the owner' },
      },
    });
  });

  it('names the line of a script hash of the wrong form, and of an unknown stack item type', async () => {
    const badHash = summary(await loadError({ cwd: project(['contracts:', '  "1234567890abcdef1234567890abcdef12345678":', '    getPrice: [{ type: Integer, value: "1" }]']) }));
    expect(badHash).toEqual([[6, expect.stringContaining('expected a contract script hash ("0x" followed by 40 hex digits)'), 'did you mean "0x1234567890abcdef1234567890abcdef12345678"?']]);
    const badType = summary(await loadError({ cwd: project(['contracts:', '  "0x1234567890abcdef1234567890abcdef12345678":', '    getPrice: [{ type: Integr, value: "1" }]']) }));
    expect(badType).toHaveLength(1);
    expect(badType[0]![0]).toBe(7);
    expect(badType[0]![1]).toMatch(/Integr/);
  });
});
