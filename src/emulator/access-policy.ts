// Who may talk to a local server: the defence against web pages the user visits. A page can send
// "simple" cross-origin requests (a text/plain POST needs no preflight), open WebSockets to any
// origin, and reach 127.0.0.1 under its own name through DNS rebinding. So, as Vite and
// webpack-dev-server do:
// - the Host header must name this machine: localhost, *.localhost, an IP address (rebinding needs
//   a name it controls), the name the server listens on, or one of `dev.allowedHosts`;
// - a request that carries an Origin (browsers send one on every cross-origin request and every
//   POST) must come from a local origin or one of `dev.allowedOrigins`.
// Clients that are not browsers (curl, SDKs, neosl itself) send no Origin and pass.
import { isIP } from 'node:net';
import { isLoopbackHost } from '../util/loopback.js';

export interface AccessPolicyOptions {
  /** The address the server listens on (`--host`): its name is always allowed. */
  listenHost: string;
  /** Extra Host names; a leading "." allows the name and its subdomains; `true` allows any host. */
  allowedHosts: readonly string[] | true;
  /** Extra origins allowed to call, e.g. "https://app.example.com" (scheme, host and port); "*" any (a public host). */
  allowedOrigins: readonly string[];
}

/** Verdicts are remembered per header value; a hostile client varying them cannot grow memory past this. */
const MEMO_LIMIT = 256;

/** The host name of a Host header value ("[::1]:8700" → "::1", "Example.COM." → "example.com"). */
export function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  const colon = host.indexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function isLocalName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}


function matchesName(hostname: string, allowed: string): boolean {
  const name = allowed.toLowerCase();
  return name.startsWith('.') ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name;
}

export class AccessPolicy {
  private readonly hostVerdicts = new Map<string, boolean>();
  private readonly originVerdicts = new Map<string, boolean>();
  private readonly listenName: string;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(private readonly options: AccessPolicyOptions) {
    this.listenName = hostnameOf(options.listenHost);
    this.allowedOrigins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
  }

  /** A request without a Host header (HTTP/1.0, raw clients) is not a browser's: allowed. */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return true;
    return remember(this.hostVerdicts, hostHeader, () => this.hostnameAllowed(hostnameOf(hostHeader)));
  }

  /** No Origin: not a cross-site browser request. The server's own origin (same-origin requests) is allowed. */
  originAllowed(origin: string | undefined, hostHeader?: string): boolean {
    if (origin === undefined) return true;
    if (hostHeader !== undefined && isSameOrigin(origin, hostHeader)) return true;
    return remember(this.originVerdicts, origin, () => this.decideOrigin(origin));
  }

  private hostnameAllowed(hostname: string): boolean {
    if (hostname === '') return false;
    if (this.options.allowedHosts === true) return true;
    if (isLocalName(hostname) || isIP(hostname) !== 0 || hostname === this.listenName) return true;
    return this.options.allowedHosts.some((allowed) => matchesName(hostname, allowed));
  }

  private decideOrigin(origin: string): boolean {
    const normalized = origin.trim().toLowerCase();
    if (this.allowedOrigins.has(normalized) || this.allowedOrigins.has('*')) return true;
    let url: URL;
    try {
      url = new URL(normalized);
    } catch {
      // "null" (sandboxed frames, file: pages, some redirects) and anything unparsable.
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const hostname = hostnameOf(url.host);
    // A page served by this machine under a local name.
    return isLoopbackHost(hostname);
  }
}

function isSameOrigin(origin: string, hostHeader: string): boolean {
  const schemeEnd = origin.indexOf('://');
  return schemeEnd !== -1 && origin.slice(schemeEnd + 3).toLowerCase() === hostHeader.toLowerCase();
}

function remember(memo: Map<string, boolean>, key: string, decide: () => boolean): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const verdict = decide();
  if (memo.size < MEMO_LIMIT) memo.set(key, verdict);
  return verdict;
}

/** The CORS answer of a Neo N3 node's RPC server: any origin when the list is empty or holds "*", else the listed ones. */
export function rpcCorsOrigin(allowed: readonly string[], origin: string | undefined): string | undefined {
  if (allowed.length === 0 || allowed.includes('*')) return '*';
  if (origin === undefined) return undefined;
  const normalized = origin.toLowerCase().replace(/\/$/, '');
  return allowed.some((entry) => entry.toLowerCase().replace(/\/$/, '') === normalized) ? origin : undefined;
}
