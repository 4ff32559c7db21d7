// ContractManagement (Neo 3.7): the contracts the local chain has are the nine native ones (it deploys nothing:
// contracts are stood in for with onInvoke, which ContractManagement does not see). deploy, update and destroy
// FAULT saying so; setMinimumDeploymentFee checks as the node does, then FAULTs (nothing is persisted).
import type { StackItem } from '../../../sdk/blockchain-types.js';
import type { NativeContractCalls } from './support.js';
import { findNativeContract, nativeContractByHash, nativeContractState } from '../native-contracts.js';
import { CONTRACT_MANAGEMENT_HASH } from '../native-hashes.js';
import { contractStateItem } from '../contract-state-item.js';
import { assertCommittee } from './policy.js';
import { methods, NativeFault, notEmulated, NULL_ITEM, outOfRange, toBigInteger, toHash160Required, toInteger, toTextRequired } from './support.js';
import { booleanItem, integerItem } from '../stack-item.js';

export const MINIMUM_DEPLOYMENT_FEE = 10_00000000n;
const CPU = 1 << 15;
const identity = { name: 'ContractManagement', hash: CONTRACT_MANAGEMENT_HASH };

function noDeployment(method: string): never {
  return notEmulated(
    identity,
    method,
    'the local chain does not deploy contracts (its contracts are the native ones); stand in for your contract by registering its methods\' results with onInvoke(scriptHash, method, result)',
  );
}

function contractItem(hash: string): StackItem {
  const native = nativeContractByHash(hash);
  return native ? contractStateItem(nativeContractState(native)) : NULL_ITEM;
}

/** The node's result shape for an iterator when sessions are disabled (getversion: sessionenabled false). */
function emptyIterator(): StackItem {
  return { type: 'InteropInterface', iterator: [], truncated: false } as unknown as StackItem;
}

export const CONTRACT_MANAGEMENT: NativeContractCalls = {
  ...identity,
  methods: methods([
    ['deploy', ['nefFile', 'manifest'], 0, () => noDeployment('deploy')],
    ['deploy', ['nefFile', 'manifest', 'data'], 0, () => noDeployment('deploy')],
    ['destroy', [], CPU, () => noDeployment('destroy')],
    ['getContract', ['hash'], CPU, (_ctx, [hash]) => contractItem(toHash160Required(hash))],
    [
      'getContractById',
      ['id'],
      CPU,
      (_ctx, [id]) => {
        const native = findNativeContract(Number(toInteger(id, 'int32')));
        return native ? contractItem(native.hash) : NULL_ITEM;
      },
    ],
    // Non-native contracts only: none on the local chain.
    ['getContractHashes', [], CPU, () => emptyIterator()],
    ['getMinimumDeploymentFee', [], CPU, () => integerItem(MINIMUM_DEPLOYMENT_FEE)],
    [
      'hasMethod',
      ['hash', 'method', 'pcount'],
      CPU,
      (_ctx, [hashItem, methodItem, pcountItem]) => {
        const hash = toHash160Required(hashItem);
        const method = toTextRequired(methodItem);
        const pcount = Number(toInteger(pcountItem, 'int32'));
        const native = nativeContractByHash(hash);
        if (!native) return booleanItem(false);
        // ContractAbi.GetMethod: -1 matches any parameter count.
        if (pcount < -1 || pcount > 0xffff) throw new NativeFault(outOfRange('pcount'));
        return booleanItem(native.methods.some((m) => m.name === method && (pcount === -1 || m.parameters.length === pcount)));
      },
    ],
    [
      'setMinimumDeploymentFee',
      ['value'],
      CPU,
      (ctx, [value]) => {
        if (toBigInteger(value) < 0n) throw new NativeFault(outOfRange('value'));
        assertCommittee(ctx, CONTRACT_MANAGEMENT_HASH);
        return notEmulated(identity, 'setMinimumDeploymentFee', `the local chain keeps the minimum deployment fee at ${MINIMUM_DEPLOYMENT_FEE} and does not persist committee changes`);
      },
    ],
    ['update', ['nefFile', 'manifest'], 0, () => noDeployment('update')],
    ['update', ['nefFile', 'manifest', 'data'], 0, () => noDeployment('update')],
  ]),
};
