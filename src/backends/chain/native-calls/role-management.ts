// RoleManagement (Neo 3.7): no role is designated on the local chain, so getDesignatedByRole answers an empty
// array (after the node's checks of the role and the index); designateAsRole checks as the node does, then
// FAULTs (the local chain does not persist designations).
import type { NativeContractCalls } from './support.js';
import { ROLE_MANAGEMENT_HASH } from '../native-hashes.js';
import { decodePoint, PointError, SECP256R1 } from './crypto-primitives.js';
import { assertCommittee } from './policy.js';
import { argumentInvalid, methods, NativeFault, notEmulated, outOfRange, span, toArray, toInteger } from './support.js';
import { arrayItem } from '../stack-item.js';

/** Role: StateValidator, Oracle, NeoFSAlphabetNode, P2PNotary. */
export const ROLES = new Set([4n, 8n, 16n, 32n]);
const CPU = 1 << 15;
const identity = { name: 'RoleManagement', hash: ROLE_MANAGEMENT_HASH };


export const ROLE_MANAGEMENT: NativeContractCalls = {
  ...identity,
  methods: methods([
    [
      'designateAsRole',
      ['role', 'nodes'],
      CPU,
      (ctx, [roleItem, nodesItem]) => {
        const roleValue = toInteger(roleItem, 'byte');
        // ECPoint[]: each element decoded on secp256r1.
        const nodes = toArray(nodesItem).map((node) => {
          try {
            return decodePoint(span(node), SECP256R1);
          } catch (error) {
            if (error instanceof PointError) throw new NativeFault(error.message);
            throw error;
          }
        });
        if (nodes.length === 0 || nodes.length > 32) throw new NativeFault(argumentInvalid('nodes'));
        if (!ROLES.has(roleValue)) throw new NativeFault(outOfRange('role'));
        assertCommittee(ctx, ROLE_MANAGEMENT_HASH, 'DesignateAsRole');
        return notEmulated(identity, 'designateAsRole', 'the local chain designates no role and does not persist committee changes');
      },
    ],
    [
      'getDesignatedByRole',
      ['role', 'index'],
      CPU,
      (ctx, [roleItem, indexItem]) => {
        const roleValue = toInteger(roleItem, 'byte');
        const index = toInteger(indexItem, 'uint32');
        if (!ROLES.has(roleValue)) throw new NativeFault(outOfRange('role'));
        // Ledger.CurrentIndex + 1 is the furthest index the node answers for.
        if (index > BigInt(ctx.persistingIndex)) throw new NativeFault(outOfRange('index'));
        return arrayItem([]);
      },
    ],
  ]),
};
