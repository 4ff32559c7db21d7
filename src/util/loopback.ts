// Whether a host name or address stays on this machine: 127.0.0.0/8, ::1, localhost and
// *.localhost (RFC 6761). Addresses are checked as addresses: "127.evil.example" is a name anyone
// can register, not a loopback address.
import { isIP } from 'node:net';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
