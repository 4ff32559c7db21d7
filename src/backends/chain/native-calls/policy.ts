// PolicyContract (Neo 3.7, Cockatrice): the default policy, which the local chain keeps. Its setters check their
// arguments and the committee's witness as the node does; with the committee's witness they FAULT saying the
// local chain does not change its policy (nothing it could persist would take effect: fees are fixed figures).
import type { CallContext } from '../contract-executor.js';
import type { NativeContractCalls } from './support.js';
import { hasWitness } from '../check-witness.js';
import { NATIVE_IDENTITIES, POLICY_HASH } from '../native-hashes.js';
import { DOTNET, methods, NativeFault, notEmulated, outOfRange, toHash160Required, toInteger } from './support.js';
import { booleanItem, integerItem } from '../stack-item.js';

export const DEFAULT_FEE_PER_BYTE = 1000n;
export const DEFAULT_EXEC_FEE_FACTOR = 30n;
export const DEFAULT_STORAGE_PRICE = 100000n;
const DEFAULT_ATTRIBUTE_FEE = 0n;
const MAX_EXEC_FEE_FACTOR = 100n;
const MAX_STORAGE_PRICE = 10000000n;
const MAX_ATTRIBUTE_FEE = 10_00000000n;
const MAX_FEE_PER_BYTE = 1_00000000n;
/** TransactionAttributeType before Echidna: HighPriority, OracleResponse, NotValidBefore, Conflicts. */
const ATTRIBUTE_TYPES = new Set([0x01n, 0x11n, 0x20n, 0x21n]);

const CPU = 1 << 15;
const identity = { name: 'PolicyContract', hash: POLICY_HASH };

/** CheckCommittee: the committee's multi-signature address must have witnessed the call. */
export function assertCommittee(ctx: CallContext, contract: string, exception: string = DOTNET.invalidOperation): void {
  if (!hasWitness(ctx.signers, ctx.committeeScriptHash, contract)) throw new NativeFault(exception);
}

function refuseChange(method: string): never {
  return notEmulated(
    identity,
    method,
    `the local chain keeps the default policy (FeePerByte ${DEFAULT_FEE_PER_BYTE}, ExecFeeFactor ${DEFAULT_EXEC_FEE_FACTOR}, StoragePrice ${DEFAULT_STORAGE_PRICE}, attribute fees 0, no blocked account) and does not persist committee changes`,
  );
}

/** TransactionAttributeType must be defined (InvalidOperationException otherwise). */
function checkAttributeType(type: bigint): void {
  if (!ATTRIBUTE_TYPES.has(type)) throw new NativeFault(DOTNET.invalidOperation);
}

export const POLICY: NativeContractCalls = {
  ...identity,
  methods: methods([
    [
      'blockAccount',
      ['account'],
      CPU,
      (ctx, [account]) => {
        const hash = toHash160Required(account);
        assertCommittee(ctx, POLICY_HASH);
        if (NATIVE_IDENTITIES.some((n) => n.hash === hash)) throw new NativeFault("It's impossible to block a native contract.");
        return refuseChange('blockAccount');
      },
    ],
    [
      'getAttributeFee',
      ['attributeType'],
      CPU,
      (_ctx, [type]) => {
        checkAttributeType(toInteger(type, 'byte'));
        return integerItem(DEFAULT_ATTRIBUTE_FEE);
      },
    ],
    ['getExecFeeFactor', [], CPU, () => integerItem(DEFAULT_EXEC_FEE_FACTOR)],
    ['getFeePerByte', [], CPU, () => integerItem(DEFAULT_FEE_PER_BYTE)],
    ['getStoragePrice', [], CPU, () => integerItem(DEFAULT_STORAGE_PRICE)],
    [
      'isBlocked',
      ['account'],
      CPU,
      (_ctx, [account]) => {
        toHash160Required(account);
        return booleanItem(false);
      },
    ],
    [
      'setAttributeFee',
      ['attributeType', 'value'],
      CPU,
      (ctx, [type, value]) => {
        const attribute = toInteger(type, 'byte');
        const fee = toInteger(value, 'uint32');
        checkAttributeType(attribute);
        if (fee > MAX_ATTRIBUTE_FEE) throw new NativeFault(outOfRange('value'));
        assertCommittee(ctx, POLICY_HASH);
        return refuseChange('setAttributeFee');
      },
    ],
    [
      'setExecFeeFactor',
      ['value'],
      CPU,
      (ctx, [value]) => {
        const factor = toInteger(value, 'uint32');
        if (factor === 0n || factor > MAX_EXEC_FEE_FACTOR) throw new NativeFault(outOfRange('value'));
        assertCommittee(ctx, POLICY_HASH);
        return refuseChange('setExecFeeFactor');
      },
    ],
    [
      'setFeePerByte',
      ['value'],
      CPU,
      (ctx, [value]) => {
        const fee = toInteger(value, 'int64');
        if (fee < 0n || fee > MAX_FEE_PER_BYTE) throw new NativeFault(outOfRange('value'));
        assertCommittee(ctx, POLICY_HASH);
        return refuseChange('setFeePerByte');
      },
    ],
    [
      'setStoragePrice',
      ['value'],
      CPU,
      (ctx, [value]) => {
        const price = toInteger(value, 'uint32');
        if (price === 0n || price > MAX_STORAGE_PRICE) throw new NativeFault(outOfRange('value'));
        assertCommittee(ctx, POLICY_HASH);
        return refuseChange('setStoragePrice');
      },
    ],
    [
      'unblockAccount',
      ['account'],
      CPU,
      (ctx, [account]) => {
        toHash160Required(account);
        assertCommittee(ctx, POLICY_HASH);
        // Nothing is blocked on the local chain: the node answers false, changing nothing.
        return booleanItem(false);
      },
    ],
  ]),
};
