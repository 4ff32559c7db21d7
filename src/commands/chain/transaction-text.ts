// A transaction and its application log as a person reads them: fees and amounts in token units,
// accounts as addresses, the script as the contract calls it makes, Transfer notifications decoded.
import type { Execution, Notification, StackItem } from '../../sdk/blockchain-types.js';
import { scriptHashFromBytes, scriptHashToAddress } from '../../backends/chain/address.js';
import { decodeNotificationState, decodeStackItem } from '../../backends/chain/decode-stack-item.js';
import type { ScriptCall, ScriptValue } from './script-calls.js';
import { formatTokenAmount } from './token-amount.js';
import { NATIVE_TOKENS, type Token } from './tokens.js';
import type { TransactionRecord } from './transaction-lookup.js';

const GAS = NATIVE_TOKENS[1]!;
const gas = (fractions: string) => `${formatTokenAmount(fractions, GAS.decimals)} GAS`;

function contractName(hash: string, tokens: Map<string, Token>): string {
  return tokens.get(hash)?.symbol ?? hash;
}

function printable(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u001f\u007f]/.test(text) ? text : undefined;
}

function scriptValueText(value: ScriptValue): string {
  switch (value.kind) {
    case 'integer':
      return value.value.toString();
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'bytes': {
      // 20 bytes are an account or contract (Hash160) in practice.
      if (value.value.length === 20) return scriptHashToAddress(scriptHashFromBytes(value.value));
      const text = printable(value.value);
      return text !== undefined ? JSON.stringify(text) : `0x${value.value.toString('hex')}`;
    }
    case 'array':
      return `[${value.items.map(scriptValueText).join(', ')}]`;
    case 'map':
      return `{${value.entries.map(([key, entry]) => `${scriptValueText(key)}: ${scriptValueText(entry)}`).join(', ')}}`;
    case 'result':
      return `(the result of call ${value.call + 1})`;
  }
}

/** GAS.transfer(NVQ…, Nad…, 1.5 GAS, null), asserted */
export function callText(call: ScriptCall, tokens: Map<string, Token>): string {
  const token = tokens.get(call.contract);
  const args = call.args.map((arg, index) =>
    token && call.operation === 'transfer' && index === 2 && arg.kind === 'integer' ? `${formatTokenAmount(arg.value, token.decimals)} ${token.symbol}` : scriptValueText(arg),
  );
  return `${contractName(call.contract, tokens)}.${call.operation}(${args.join(', ')})${call.asserted ? ', asserted' : ''}`;
}

function hash160Text(item: StackItem | undefined): string | undefined {
  if (item?.type === 'Any') return 'nobody';
  if (item?.type !== 'ByteString' && item?.type !== 'Buffer') return undefined;
  const bytes = Buffer.from(item.value, 'base64');
  return bytes.length === 20 ? scriptHashToAddress(scriptHashFromBytes(bytes)) : undefined;
}

/** "GAS Transfer NVQ… → Nad… 1.5 GAS"; other events with their decoded arguments. */
export function notificationText(notification: Notification, tokens: Map<string, Token>): string {
  const name = contractName(notification.contract, tokens);
  const items = notification.state.type === 'Array' || notification.state.type === 'Struct' ? notification.state.value : [];
  if (notification.eventname === 'Transfer' && items.length === 3 && items[2]!.type === 'Integer') {
    const [from, to] = [hash160Text(items[0]), hash160Text(items[1])];
    if (from !== undefined && to !== undefined) {
      const token = tokens.get(notification.contract);
      const value = items[2]!.value;
      const amount = token ? `${formatTokenAmount(value, token.decimals)} ${token.symbol}` : `${value} (in the token's smallest unit: its decimals are unknown)`;
      return `${name} Transfer ${from} → ${to}  ${amount}`;
    }
  }
  return `${name} ${notification.eventname} ${JSON.stringify(decodeNotificationState(notification.state))}`;
}

export function executionLines(execution: Execution, tokens: Map<string, Token>): string[] {
  const lines = [
    `  trigger        ${execution.trigger}`,
    `  vmstate        ${execution.vmstate}`,
    `  gas consumed   ${gas(execution.gasconsumed)}`,
  ];
  if (execution.vmstate === 'FAULT' || execution.exception) lines.push(`  exception      ${execution.exception ?? 'none given'}`);
  if (execution.stack.length > 0) lines.push(`  result stack   ${JSON.stringify(execution.stack.map(decodeStackItem))}`);
  lines.push(`  notifications  ${execution.notifications.length === 0 ? 'none' : execution.notifications.length}`);
  for (const notification of execution.notifications) lines.push(`    ${notificationText(notification, tokens)}`);
  return lines;
}

export function transactionLines(record: TransactionRecord, calls: ScriptCall[] | undefined, tokens: Map<string, Token>): string[] {
  const { transaction: tx, applicationLog } = record;
  const block =
    tx.blockhash === undefined
      ? 'pending in the mempool: it lands in the next block ("neosl chain mine" mines it now)'
      : `#${record.blockIndex} ${tx.blockhash}${tx.blocktime !== undefined ? ` at ${new Date(tx.blocktime).toISOString()}` : ''}${tx.confirmations !== undefined ? ` (${tx.confirmations} confirmation${tx.confirmations === 1 ? '' : 's'})` : ''}`;
  const script = calls === undefined ? `${Buffer.from(tx.script, 'base64').length} bytes that are not plain contract calls (--json shows them, base64)` : calls.map((call) => callText(call, tokens)).join('; ');
  const lines = [
    `transaction ${tx.hash}`,
    `  block          ${block}`,
    `  sender         ${tx.sender}`,
    `  fees           ${gas(tx.sysfee)} system, ${gas(tx.netfee)} network`,
    `  valid until    block ${tx.validuntilblock}`,
    `  script         ${script}`,
  ];
  if (applicationLog === null) return lines;
  lines.push('application log');
  applicationLog.executions.forEach((execution, index) => {
    if (index > 0) lines.push('');
    lines.push(...executionLines(execution, tokens));
  });
  return lines;
}
