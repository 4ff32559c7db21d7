// The chain the functions see: height, the latest blocks (JSON-RPC getblock), a transaction with
// its application log (getrawtransaction, getapplicationlog), the seeded accounts' balances, and in
// neosl dev with the in-process chain, mine and transfer buttons.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, messageOf, postJson, rpcCall } from '../api/host-client.js';
import { ErrorNote } from '../components/error-note.js';
import type { ChainStatus } from '../state/host-types.js';
import { ASSET_DECIMALS, fromSmallestUnit } from '../state/token-amount.js';
import { TransferForm } from './chain-transfer-form.js';

const BLOCKS_SHOWN = 10;
const POLL_MS = 5000;

interface Block {
  index: number;
  hash: string;
  time: number;
  size?: number;
  tx: { hash: string; sender?: string }[];
}

interface TxDetail {
  hash: string;
  transaction?: unknown;
  log?: unknown;
  error?: string;
}

async function latestBlocks(height: number): Promise<Block[]> {
  const indexes = [];
  for (let index = height - 1; index >= Math.max(0, height - BLOCKS_SHOWN); index--) indexes.push(index);
  return Promise.all(indexes.map((index) => rpcCall<Block>('getblock', [index, true])));
}

async function transactionDetail(hash: string): Promise<TxDetail> {
  const [transaction, log] = await Promise.allSettled([rpcCall<unknown>('getrawtransaction', [hash, true]), rpcCall<unknown>('getapplicationlog', [hash])]);
  if (transaction.status === 'rejected') return { hash, error: messageOf(transaction.reason) };
  return { hash, transaction: transaction.value, ...(log.status === 'fulfilled' ? { log: log.value } : { error: `no application log yet: ${messageOf(log.reason)}` }) };
}

export function ChainPage({ canDrive }: { canDrive: boolean }) {
  const [status, setStatus] = useState<ChainStatus>();
  const [blocks, setBlocks] = useState<Block[]>([]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [tick, setTick] = useState(0);
  const [openBlock, setOpenBlock] = useState<number>();
  const [tx, setTx] = useState<TxDetail>();
  const [lookup, setLookup] = useState('');
  const [mining, setMining] = useState(false);
  const [transferring, setTransferring] = useState(false);

  useEffect(() => {
    let current = true;
    (async () => {
      try {
        const next = await getJson<ChainStatus>('/_neosl/chain');
        const recent = await latestBlocks(next.height);
        if (!current) return;
        setStatus(next);
        setBlocks(recent);
        setError(undefined);
      } catch (failure) {
        if (current) setError(`Could not read the chain: ${messageOf(failure)}`);
      }
    })();
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [tick]);

  const refresh = () => setTick((n) => n + 1);
  const showTx = (hash: string) => {
    setTx({ hash });
    transactionDetail(hash).then(setTx, (failure: unknown) => setTx({ hash, error: messageOf(failure) }));
  };
  const mine = async () => {
    setMining(true);
    try {
      const answer = await postJson<{ blocks: { index: number; transactions: number }[] }>('/_neosl/chain/mine', { count: 1 });
      const block = answer.blocks[0];
      setNotice(block ? `Mined block ${block.index} with ${block.transactions} transaction(s).` : 'Mined.');
      setError(undefined);
    } catch (failure) {
      setError(`Could not mine: ${messageOf(failure)}`);
    } finally {
      setMining(false);
      refresh();
    }
  };
  const local = status?.kind === 'in-process';

  return (
    <section>
      <h2>Chain</h2>
      <ErrorNote message={error} />
      {notice ? (
        <p class="ok-note" role="status">
          {notice}
        </p>
      ) : null}
      {status === undefined ? (
        error === undefined ? <p class="muted">Loading…</p> : null
      ) : (
        <>
          <dl class="facts">
            <dt>Chain</dt>
            <dd>{local ? 'in-process' : `node ${status.rpcUrl ?? ''}`}</dd>
            <dt>Height</dt>
            <dd>{status.height}</dd>
            <dt>Blocks</dt>
            <dd>{status.blockIntervalMs === null ? 'mined on demand' : `every ${status.blockIntervalMs / 1000} s`}</dd>
          </dl>
          {local && canDrive ? (
            <div class="row">
              <button type="button" data-testid="mine-button" class="primary" onClick={mine} disabled={mining || transferring}>
                {mining ? 'Mining…' : 'Mine a block'}
              </button>
            </div>
          ) : null}
          {local && canDrive ? <TransferForm onDone={(message) => (setNotice(message), refresh())} onBusy={setTransferring} /> : null}

          <h3>Latest blocks</h3>
          <div class="table-scroll">
            <table class="grid cards clickable">
              <thead>
                <tr>
                  <th class="num">Block</th>
                  <th>Hash</th>
                  <th>Time</th>
                  <th class="num">Transactions</th>
                </tr>
              </thead>
              <tbody>
                {blocks.map((block) => (
                  <Fragment key={block.hash}>
                    <tr data-testid="block-row" data-index={block.index} tabIndex={0} onClick={() => setOpenBlock(openBlock === block.index ? undefined : block.index)}>
                      <td data-label="Block" class="num">{block.index}</td>
                      <td data-label="Hash" class="mono ellipsis">{block.hash}</td>
                      <td data-label="Time">{new Date(block.time).toLocaleTimeString()}</td>
                      <td data-label="Transactions" class="num">{block.tx.length}</td>
                    </tr>
                    {openBlock === block.index
                      ? block.tx.map((transaction) => (
                          <tr key={transaction.hash} class="sub-row">
                            <td />
                            <td colSpan={3} class="mono">
                              <button type="button" class="link" onClick={() => showTx(transaction.hash)}>
                                {transaction.hash}
                              </button>
                            </td>
                          </tr>
                        ))
                      : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <form class="row" onSubmit={(event) => (event.preventDefault(), lookup.trim() !== '' && showTx(lookup.trim()))}>
            <label class="grow">
              Transaction hash
              <input class="mono" value={lookup} placeholder="0x…" onInput={(event) => setLookup(event.currentTarget.value)} spellcheck={false} />
            </label>
            <button type="submit">Show</button>
          </form>
          {tx ? (
            <section data-testid="tx-detail" data-hash={tx.hash} class="detail">
              <h3 class="mono">{tx.hash}</h3>
              <ErrorNote message={tx.error} />
              {tx.transaction === undefined && tx.error === undefined ? <p class="muted">Loading…</p> : null}
              {tx.transaction !== undefined ? (
                <>
                  <h4>Transaction</h4>
                  <pre class="code">{JSON.stringify(tx.transaction, null, 2)}</pre>
                </>
              ) : null}
              {tx.log !== undefined ? (
                <>
                  <h4>Application log</h4>
                  <pre class="code">{JSON.stringify(tx.log, null, 2)}</pre>
                </>
              ) : null}
            </section>
          ) : null}

          <h3>Accounts</h3>
          {status.accounts.length === 0 ? (
            <p class="muted">A real node's accounts are not neosl's to list.</p>
          ) : (
            <div class="table-scroll">
              <table class="grid cards">
                <thead>
                  <tr>
                    <th>Address</th>
                    <th class="num">NEO</th>
                    <th class="num">GAS</th>
                  </tr>
                </thead>
                <tbody>
                  {status.accounts.map((account) => (
                    <tr key={account.address} data-testid="account-row" data-address={account.address}>
                      <td data-label="Address" class="mono">{account.address}</td>
                      <td data-label="NEO" class="num">{fromSmallestUnit(account.neo, ASSET_DECIMALS.NEO)}</td>
                      <td data-label="GAS" class="num">{fromSmallestUnit(account.gas, ASSET_DECIMALS.GAS)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
