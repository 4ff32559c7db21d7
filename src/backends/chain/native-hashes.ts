// The native contracts' identities: the same on every Neo N3 network (hash of the empty sender, checksum 0 and the name).
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';

export const CONTRACT_MANAGEMENT_HASH = '0xfffdc93764dbaddd97c48f252a53ea4643faa3fd';
export const STD_LIB_HASH = '0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0';
export const CRYPTO_LIB_HASH = '0x726cb6e0cd8628a1350a611384688911ab75f51b';
export const LEDGER_HASH = '0xda65b600f7124ce6c79950c1772a36403104f2be';
export const POLICY_HASH = '0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b';
export const ROLE_MANAGEMENT_HASH = '0x49cf4e5378ffcd4dec034fd98a174c5491e395e2';
export const ORACLE_HASH = '0xfe924b7cfe89ddd271abaf7210a80a7e11178758';
export { GAS_HASH, NEO_HASH };

export interface NativeIdentity {
  id: number;
  /** The manifest name. */
  name: string;
  hash: string;
}

/** In id order (-1 … -9), as getnativecontracts lists them. */
export const NATIVE_IDENTITIES: readonly NativeIdentity[] = [
  { id: -1, name: 'ContractManagement', hash: CONTRACT_MANAGEMENT_HASH },
  { id: -2, name: 'StdLib', hash: STD_LIB_HASH },
  { id: -3, name: 'CryptoLib', hash: CRYPTO_LIB_HASH },
  { id: -4, name: 'LedgerContract', hash: LEDGER_HASH },
  { id: -5, name: 'NeoToken', hash: NEO_HASH },
  { id: -6, name: 'GasToken', hash: GAS_HASH },
  { id: -7, name: 'PolicyContract', hash: POLICY_HASH },
  { id: -8, name: 'RoleManagement', hash: ROLE_MANAGEMENT_HASH },
  { id: -9, name: 'OracleContract', hash: ORACLE_HASH },
];
