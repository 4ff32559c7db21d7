// The serve host's token, kept in this tab's sessionStorage only (never in a URL or localStorage):
// closing the tab forgets it.
const KEY = 'neosl.console.token';

export function readToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode quotas): the token lives until the page reloads.
  }
  memory = token;
}

export function clearToken(): void {
  memory = undefined;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

let memory: string | undefined;

/** The token in force: the stored one, or the one given this session when storage is refused. */
export function currentToken(): string | undefined {
  return readToken() ?? memory;
}
