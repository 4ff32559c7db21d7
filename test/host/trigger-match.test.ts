// Which functions a block or a notification runs, and how blockchain trigger filters match.
import { describe, expect, it } from 'vitest';
import { scriptHashToAddress } from '../../src/backends/chain/address.js';
import type { FunctionConfig, TriggerConfig } from '../../src/config/types.js';
import { ROLE_MANAGEMENT_HASH } from '../../src/backends/chain/native-hashes.js';
import { blockSubscribers, matchesFilters, notificationSubscribers } from '../../src/host/trigger-match.js';
import { GAS_HASH, NEO_HASH, type NotificationEvent } from '../../src/sdk/blockchain-types.js';

const alice = '0xd8befa60158a027ac252557a3a887624c7fe1a68';
const bob = '0x135f9842a7d64474e896357c52b24eab143a80a1';

function transfer(contract: string, from: string, to: string, amount: string): NotificationEvent {
  return { type: 'notification', contract, eventName: 'Transfer', state: { type: 'Array', value: [] }, decoded: [from, to, amount], txid: '0x01', blockIndex: 3 };
}

function fn(name: string, triggers: TriggerConfig[]): FunctionConfig {
  return { name, triggers } as unknown as FunctionConfig;
}

const onGas = (filters: Record<string, unknown> = {}): TriggerConfig => ({ kind: 'contract-event', contract: GAS_HASH, event: 'Transfer', filters });

describe('blockchain trigger matching', () => {
  it('filters a Transfer by parameter name or position; an address and its script hash are the same account', () => {
    const event = transfer(GAS_HASH, alice, bob, '100');
    expect(matchesFilters(event, {})).toBe(true);
    expect(matchesFilters(event, { to: bob })).toBe(true);
    expect(matchesFilters(event, { to: scriptHashToAddress(bob) })).toBe(true);
    expect(matchesFilters(event, { from: bob })).toBe(false);
    expect(matchesFilters(event, { 2: 100, 0: alice })).toBe(true);
    expect(matchesFilters(event, { amount: '101' })).toBe(false);
    expect(matchesFilters(event, { memo: 'x' })).toBe(false);
    expect(matchesFilters(event, { 3: 'x' })).toBe(false);
  });

  it('names the parameters of a native event from its ABI (NEO Vote)', () => {
    const vote: NotificationEvent = { ...transfer(NEO_HASH, alice, '', ''), eventName: 'Vote', decoded: [alice, null, 'pubkey', '10'] };
    expect(matchesFilters(vote, { account: alice, amount: '10' })).toBe(true);
    expect(matchesFilters(vote, { to: 'other' })).toBe(false);
  });

  it('names the parameters of the other native contracts\' events too (RoleManagement Designation)', () => {
    const designation: NotificationEvent = { ...transfer(ROLE_MANAGEMENT_HASH, '', '', ''), eventName: 'Designation', decoded: ['8', '42'] };
    expect(matchesFilters(designation, { Role: '8', BlockIndex: 42 })).toBe(true);
    expect(matchesFilters(designation, { Role: '4' })).toBe(false);
  });

  it('runs block subscribers, and a function once per notification even with two matching triggers', () => {
    const functions = [
      fn('everyBlock', [{ kind: 'block' } as TriggerConfig]),
      fn('gasToBob', [onGas({ to: bob }), onGas()]),
      fn('neo', [{ kind: 'contract-event', contract: NEO_HASH, event: 'Transfer', filters: {} } as TriggerConfig]),
      fn('http', [{ kind: 'http', method: 'GET', path: '/x' } as TriggerConfig]),
    ];
    expect(blockSubscribers(functions)).toEqual(['everyBlock']);
    expect(notificationSubscribers(functions, transfer(GAS_HASH, alice, bob, '1'))).toEqual(['gasToBob']);
    expect(notificationSubscribers(functions, transfer(NEO_HASH, alice, bob, '1'))).toEqual(['neo']);
    expect(notificationSubscribers(functions, { ...transfer(GAS_HASH, alice, bob, '1'), eventName: 'Approval' })).toEqual([]);
  });
});
