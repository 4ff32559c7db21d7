// `neosl chain accounts`: the seeded accounts of the running emulator's in-process chain with their
// keys (as Hardhat's node and neo-express show theirs): address, script hash, public key, WIF, and
// NEO and GAS in token units. The keys are the local chain's public test keys; a warning says so.
import type { CommandContext } from '../../command-context.js';
import { adminCall, emulatorUrl, failIfError, type EmulatorOptions } from './emulator-client.js';
import { formatTokenAmount } from './token-amount.js';
import { NATIVE_TOKENS } from './tokens.js';

/** One account of GET /_neosl/chain/accounts: balances in each token's smallest unit. */
export interface ChainAccount {
  address: string;
  /** 0x + 40 hex digits, big-endian. */
  scriptHash: string;
  /** Compressed, hex. */
  publicKey: string;
  /** The private key as a Neo N3 WIF. */
  wif: string;
  neo: string;
  gas: string;
}

const [NEO, GAS] = NATIVE_TOKENS as [(typeof NATIVE_TOKENS)[number], (typeof NATIVE_TOKENS)[number]];

export const KEYS_WARNING =
  'These keys belong to the local chain of "neosl dev" only: anyone who has them can spend its funds. Never use them on MainNet or TestNet.';

export async function readChainAccounts(base: string): Promise<ChainAccount[]> {
  const answer = await adminCall(base, 'GET', '/_neosl/chain/accounts');
  failIfError(answer);
  return (answer.body as { accounts: ChainAccount[] }).accounts;
}

export async function chainAccountsCommand(context: CommandContext, _args: unknown[], options: EmulatorOptions): Promise<void> {
  const base = await emulatorUrl(context, options);
  const accounts = (await readChainAccounts(base)).map((account) => ({
    ...account,
    neo: formatTokenAmount(account.neo, NEO.decimals),
    gas: formatTokenAmount(account.gas, GAS.decimals),
  }));
  const { out } = context;
  const warning = out.colors.yellow(`▲ ${KEYS_WARNING}`);
  if (out.json) {
    out.data({ accounts });
    out.info(warning);
    return;
  }
  out.result(`the ${accounts.length} seeded accounts of the in-process chain of ${base}:`);
  const header = { index: '#', address: 'address', scriptHash: 'script hash', publicKey: 'public key', wif: 'private key (WIF)', neo: 'NEO', gas: 'GAS' };
  const rows = [header, ...accounts.map((account, index) => ({ ...account, index: String(index) }))];
  const width = (key: keyof typeof header) => Math.max(...rows.map((row) => row[key].length));
  const widths = { index: width('index'), address: width('address'), scriptHash: width('scriptHash'), publicKey: width('publicKey'), wif: width('wif'), neo: width('neo'), gas: width('gas') };
  for (const row of rows) {
    const line = [
      row.index.padStart(widths.index),
      row.address.padEnd(widths.address),
      row.scriptHash.padEnd(widths.scriptHash),
      row.publicKey.padEnd(widths.publicKey),
      row.wif.padEnd(widths.wif),
      row.neo.padStart(widths.neo),
      row.gas.padStart(widths.gas),
    ].join('  ');
    out.result(`  ${row === header ? out.colors.dim(line) : line}`);
  }
  out.info(warning);
}
