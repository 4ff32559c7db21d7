// Which trigger of a function an event came from (its retry and concurrency apply), and its lane.
import { describe, expect, it } from 'vitest';
import type { FunctionConfig, TriggerConfig } from '../../src/config/types.js';
import { blockTrigger, notificationTrigger, scheduleTrigger, triggerLane } from '../../src/host/trigger-source.js';
import { GAS_HASH, NEO_HASH, type NotificationEvent } from '../../src/sdk/blockchain-types.js';

const alice = '0xd8befa60158a027ac252557a3a887624c7fe1a68';
const bob = '0x135f9842a7d64474e896357c52b24eab143a80a1';

const transfer = (contract: string, to: string): NotificationEvent => ({
  type: 'notification',
  contract,
  eventName: 'Transfer',
  state: { type: 'Array', value: [] },
  decoded: [alice, to, '1'],
  txid: '0x01',
  blockIndex: 3,
});

describe('trigger sources', () => {
  const triggers: TriggerConfig[] = [
    { kind: 'http', method: 'POST', path: '/functions/watch' },
    { kind: 'schedule', cron: '*/5 * * * *', concurrency: 1 },
    { kind: 'contract-event', contract: GAS_HASH, event: 'Transfer', filters: { to: bob }, concurrency: 2 },
    { kind: 'contract-event', contract: GAS_HASH, event: 'Transfer', filters: {}, concurrency: 3 },
    { kind: 'block', concurrency: 4 },
  ];
  const fn = { name: 'watch', triggers } as unknown as FunctionConfig;

  it('finds the trigger of a schedule, a block and a notification (the first that matches)', () => {
    expect(scheduleTrigger(fn, { cron: '*/5 * * * *' })).toBe(triggers[1]);
    expect(scheduleTrigger(fn, { cron: '0 * * * *' })).toBeUndefined();
    expect(scheduleTrigger(fn, { cron: '*/5 * * * *', timezone: 'Europe/Berlin' })).toBeUndefined();
    expect(blockTrigger(fn)).toBe(triggers[4]);
    expect(notificationTrigger(fn, transfer(GAS_HASH, bob))).toBe(triggers[2]);
    expect(notificationTrigger(fn, transfer(GAS_HASH, alice))).toBe(triggers[3]);
    expect(notificationTrigger(fn, transfer(NEO_HASH, bob))).toBeUndefined();
  });

  it('gives each trigger of a function its own lane', () => {
    expect(triggers.map((trigger) => triggerLane(fn, trigger))).toEqual(['watch#0', 'watch#1', 'watch#2', 'watch#3', 'watch#4']);
  });
});
