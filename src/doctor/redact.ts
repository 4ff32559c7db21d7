// Service URLs as doctor shows them: where they point, never the credentials or tokens they carry
// (redis://user:password@host, an RPC URL with ?apikey=…).

/** scheme://host:port/path, with "***@" where a user or password was and "?…" where a query was. */
export function displayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a URL that cannot be parsed)';
  }
  const credentials = parsed.username !== '' || parsed.password !== '' ? '***@' : '';
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.protocol}//${credentials}${parsed.host}${path}${parsed.search ? '?…' : ''}`;
}

/** `text` with the password (or a lone user name) and query values of `url` replaced by "***", for error messages that may echo them. */
export function scrubUrlSecrets(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.split(url).join('(the URL)');
  }
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  // A user name alone may be the token (redis://token@host); beside a password it is just a name.
  const userSecret = parsed.password === '' ? [parsed.username, decode(parsed.username)] : [];
  const secrets = [parsed.password, decode(parsed.password), ...userSecret, ...parsed.searchParams.values()]
    .filter((secret) => secret.length >= 3)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
}
