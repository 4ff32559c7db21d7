// Whether a request's Host header names a cluster-internal address: a Kubernetes service
// (`<svc>.<ns>.svc`, or `….svc.<cluster domain>`) or this machine (loopback). Knative's public
// ingress routes only a Service's external domain, so a request with such a Host came from inside
// the cluster (a PingSource, the trigger dispatcher) and not from the internet.
import { isIP } from 'node:net';
import { isLoopbackHost } from '../util/loopback.js';

/** The cluster domain when NEOSL_CLUSTER_DOMAIN does not name one (Kubernetes' default). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** `NEOSL_CLUSTER_DOMAIN`, lower-cased and without dots at its ends; the default when unset or empty. */
export function clusterDomain(env: Readonly<Record<string, string | undefined>>): string {
  const domain = (env.NEOSL_CLUSTER_DOMAIN ?? '').trim().toLowerCase().replace(/^\.+|\.+$/g, '');
  return domain === '' ? DEFAULT_CLUSTER_DOMAIN : domain;
}

/** The host name of a Host header: without its port or IPv6 brackets, lower-cased, without a final dot. */
function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  // One colon: name:port; more: a bare IPv6 address (no port can be told apart).
  const colon = host.indexOf(':');
  const name = colon !== -1 && colon === host.lastIndexOf(':') ? host.slice(0, colon) : host;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function isClusterInternalHost(header: string | undefined, domain: string): boolean {
  if (header === undefined || header.trim() === '') return false;
  const name = hostName(header);
  if (name === 'localhost') return true;
  if (isIP(name) !== 0) return isLoopbackHost(name);
  // A service name has at least one label before ".svc" (its namespace, usually the service too).
  return (name.endsWith('.svc') && name.length > '.svc'.length) || (name.endsWith(`.svc.${domain}`) && name.length > `.svc.${domain}`.length);
}
