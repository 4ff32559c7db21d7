// OracleContract (Neo 3.7): the price of a request; requests are not emulated (the local chain runs no oracle
// nodes), nor is finish (no transaction carries an OracleResponse: the node's own exception); setPrice checks as
// the node does, then FAULTs (nothing is persisted).
import type { NativeContractCalls } from './support.js';
import { ORACLE_HASH } from '../native-hashes.js';
import { assertCommittee } from './policy.js';
import { methods, NativeFault, notEmulated, outOfRange, toInteger } from './support.js';
import { booleanItem, integerItem } from '../stack-item.js';

/** OracleContract's initial price: 0.5 GAS. */
export const ORACLE_PRICE = 50000000n;
const identity = { name: 'OracleContract', hash: ORACLE_HASH };

export const ORACLE: NativeContractCalls = {
  ...identity,
  methods: methods([
    ['finish', [], 0, () => {
      throw new NativeFault('Oracle response was not found');
    }],
    ['getPrice', [], 1 << 15, () => integerItem(ORACLE_PRICE)],
    [
      'request',
      ['url', 'filter', 'callback', 'userData', 'gasForResponse'],
      0,
      () => notEmulated(identity, 'request', 'the local chain runs no oracle nodes, so no request would ever be answered'),
    ],
    [
      'setPrice',
      ['price'],
      1 << 15,
      (ctx, [price]) => {
        if (toInteger(price, 'int64') <= 0n) throw new NativeFault(outOfRange('price'));
        assertCommittee(ctx, ORACLE_HASH);
        return notEmulated(identity, 'setPrice', `the local chain keeps the oracle price at ${ORACLE_PRICE} and does not persist committee changes`);
      },
    ],
    // The transaction carries no OracleResponse attribute.
    ['verify', [], 1 << 15, () => booleanItem(false)],
  ]),
};
