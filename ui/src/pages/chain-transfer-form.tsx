// The chain page's transfer form (neosl dev, in-process chain): NEO or GAS from the first seeded
// account to an address, as POST /_neosl/chain/transfer takes it (the amount in the smallest unit).
import { useState } from 'preact/hooks';
import { messageOf, postJson } from '../api/host-client.js';
import { ErrorNote } from '../components/error-note.js';
import { ASSET_DECIMALS, toSmallestUnit, type NativeAsset } from '../state/token-amount.js';

interface TransferFormProps {
  onDone(message: string): void;
  /** While a transfer is on its way, "mine" waits (a block mined first would leave it out). */
  onBusy(busy: boolean): void;
}

export function TransferForm({ onDone, onBusy }: TransferFormProps) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('1');
  const [asset, setAsset] = useState<NativeAsset>('GAS');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const units = toSmallestUnit(amount, ASSET_DECIMALS[asset]);
    if (to.trim() === '') return setError('Give the address (or script hash) to send to.');
    if (units === undefined) return setError(`The amount must be a positive number of ${asset}${ASSET_DECIMALS[asset] === 0 ? ' (whole)' : ` with at most ${ASSET_DECIMALS[asset]} decimals`}.`);
    setBusy(true);
    onBusy(true);
    setError(undefined);
    try {
      const answer = await postJson<{ hash: string; from?: string }>('/_neosl/chain/transfer', { to: to.trim(), amount: units, asset });
      onDone(`Sent ${amount} ${asset} to ${to.trim()}: transaction ${answer.hash}, pending until the next block.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
      onBusy(false);
    }
  };
  return (
    <form data-testid="transfer-form" class="transfer" onSubmit={submit}>
      <h3>Transfer</h3>
      <div class="row">
        <label class="grow">
          To
          <input data-testid="transfer-to" class="mono" value={to} placeholder="N… address or 0x script hash" onInput={(event) => setTo(event.currentTarget.value)} spellcheck={false} />
        </label>
        <label>
          Amount
          <input data-testid="transfer-amount" inputMode="decimal" value={amount} onInput={(event) => setAmount(event.currentTarget.value)} size={10} />
        </label>
        <label>
          Asset
          <select value={asset} onChange={(event) => setAsset(event.currentTarget.value as NativeAsset)}>
            <option value="GAS">GAS</option>
            <option value="NEO">NEO</option>
          </select>
        </label>
        <button type="submit" data-testid="transfer-submit" class="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}
