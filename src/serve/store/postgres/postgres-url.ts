// A postgres:// store URL as neosl shows it (the password masked, query values hidden) and where it
// points (host:port/database), for messages about a store that never carry its credentials.

export const isPostgresUrl = (value: string | undefined): value is string => value !== undefined && /^postgres(ql)?:\/\//i.test(value);

/** postgres://user:***@host:port/db (a password masked; "?…" for a query, which may hold one). */
export function maskPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://(a URL that cannot be parsed)';
  }
  const user = parsed.username === '' ? '' : `${parsed.username}${parsed.password === '' ? '' : ':***'}@`;
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.protocol}//${user}${parsed.host}${path}${parsed.search ? '?…' : ''}`;
}

/** host:port (5432 when the URL names none), for "cannot reach PostgreSQL at …". */
export function postgresAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return '(a URL that cannot be parsed)';
  }
}

/** `text` without the URL's password anywhere in it (a driver's message may echo the URL). */
export function scrubPassword(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text.split(url).join(maskPostgresUrl(url));
  }
  let scrubbed = text.split(url).join(maskPostgresUrl(url));
  if (password.length > 0) scrubbed = scrubbed.split(password).join('***');
  return scrubbed;
}
