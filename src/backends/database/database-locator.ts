// Where the runtime's instances find the document database, as one string (RuntimeOptions'
// state.databaseFile, handed to every worker): a SQLite file path, or a PostgreSQL URL with the
// per-instance pool size appended as a fragment (#neosl-pool-max=N), which is removed before the
// URL reaches pg. No pg here: the worker decides which engine to load from this string alone.
const POSTGRES_URL = /^postgres(ql)?:\/\//;
const POOL_FRAGMENT = /#neosl-pool-max=(\d+)$/;

export function isPostgresLocator(locator: string): boolean {
  return POSTGRES_URL.test(locator);
}

/** The locator of a PostgreSQL database, each instance opening at most `poolMax` connections. */
export function postgresLocator(url: string, poolMax: number): string {
  return `${url.replace(/#.*$/, '')}#neosl-pool-max=${poolMax}`;
}

/** The URL and pool size of a PostgreSQL locator (pool size undefined when none was given). */
export function parsePostgresLocator(locator: string): { url: string; poolMax?: number } {
  const match = POOL_FRAGMENT.exec(locator);
  if (match === null) return { url: locator };
  return { url: locator.slice(0, match.index), poolMax: Number(match[1]) };
}
