// neosl serve answers 401 without a token: ask for one (from `neosl serve token create NAME`).
// It is kept in this tab's sessionStorage only, and tried at once.
import { useState } from 'preact/hooks';
import { messageOf, UnauthorizedError } from '../api/host-client.js';
import { saveToken } from '../api/session-token.js';

interface LoginFormProps {
  /** Tries the saved token against the host; resolves when it is accepted. */
  verify(): Promise<void>;
  /** Why the form is shown again (an expired or revoked token), if it is. */
  reason?: string;
}

export function LoginForm({ verify, reason }: LoginFormProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (value === '') return setError('Paste a token first.');
    setBusy(true);
    setError(undefined);
    saveToken(value);
    try {
      await verify();
    } catch (failure) {
      setError(failure instanceof UnauthorizedError ? 'The host refused this token: it may be mistyped, revoked or expired.' : `Could not reach the host: ${messageOf(failure)}`);
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form data-testid="login-form" onSubmit={submit} autocomplete="off">
        <h1>neosl console</h1>
        <p class="muted">This host needs a token. Create one where it runs with <code>neosl serve token create NAME</code>.</p>
        {reason ? <p class="muted">{reason}</p> : null}
        <label>
          Token
          <input data-testid="login-token" type="password" value={token} onInput={(event) => setToken(event.currentTarget.value)} autoFocus spellcheck={false} />
        </label>
        {error ? (
          <p data-testid="login-error" class="error-note" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" data-testid="login-submit" class="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
