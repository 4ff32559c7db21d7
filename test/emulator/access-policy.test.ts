// Which Host names and web origins may reach a local server, and the RPC's CORS answer.
import { describe, expect, it } from 'vitest';
import { AccessPolicy, hostnameOf, rpcCorsOrigin } from '../../src/emulator/access-policy.js';

const policy = (extra: Partial<ConstructorParameters<typeof AccessPolicy>[0]> = {}) =>
  new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [], ...extra });

describe('AccessPolicy', () => {
  it('reads host names out of Host headers', () => {
    expect(hostnameOf('LocalHost:8700')).toBe('localhost');
    expect(hostnameOf('[::1]:8700')).toBe('::1');
    expect(hostnameOf('example.com.')).toBe('example.com');
  });

  it('allows local names and IP addresses, refuses other names (DNS rebinding)', () => {
    const p = policy();
    for (const host of ['localhost', 'localhost:8700', 'api.localhost:1', '127.0.0.1:8700', '[::1]:8700', '192.168.1.20:8700', undefined]) expect(p.hostAllowed(host), String(host)).toBe(true);
    for (const host of ['evil.example.com', 'localhost.evil.com', '127.0.0.1.nip.io', '', ':8700']) expect(p.hostAllowed(host), host).toBe(false);
  });

  it('allows the listening name, dev.allowedHosts (a leading dot for subdomains) and true for any', () => {
    expect(policy({ listenHost: 'devbox' }).hostAllowed('devbox:8700')).toBe(true);
    const p = policy({ allowedHosts: ['tunnel.example.com', '.corp.example'] });
    expect(p.hostAllowed('tunnel.example.com')).toBe(true);
    expect(p.hostAllowed('a.corp.example:80')).toBe(true);
    expect(p.hostAllowed('corp.example')).toBe(true);
    expect(p.hostAllowed('xcorp.example')).toBe(false);
    expect(policy({ allowedHosts: true }).hostAllowed('anything.example')).toBe(true);
  });

  it('allows no Origin, local origins, the server itself and dev.allowedOrigins; refuses the rest and "null"', () => {
    const p = policy({ allowedOrigins: ['https://app.example.com'] });
    for (const origin of [undefined, 'http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'https://app.localhost', 'https://app.example.com']) {
      expect(p.originAllowed(origin), String(origin)).toBe(true);
    }
    for (const origin of ['https://evil.example.com', 'null', 'file://', 'chrome-extension://abc', 'http://localhost.evil.com', 'https://app.example.com.evil.com', 'http://127.evil.example', 'http://127.0.0.1.nip.io:8080', 'garbage']) {
      expect(p.originAllowed(origin), origin).toBe(false);
    }
    // Same-origin: a page served by this server under the name it was reached by.
    expect(p.originAllowed('http://devbox:8700', 'devbox:8700')).toBe(true);
    expect(p.originAllowed('http://devbox:8700', 'other:8700')).toBe(false);
  });

  it('keeps answering the same once its memo is full', () => {
    const p = policy();
    for (let i = 0; i < 1000; i++) expect(p.hostAllowed(`h${i}.example`)).toBe(false);
    expect(p.hostAllowed('localhost')).toBe(true);
    expect(p.hostAllowed('h5.example')).toBe(false);
  });
});

describe('rpcCorsOrigin', () => {
  it('answers any origin by default, as a Neo node does, else only the listed ones', () => {
    expect(rpcCorsOrigin(['*'], 'https://dapp.example')).toBe('*');
    expect(rpcCorsOrigin([], undefined)).toBe('*');
    expect(rpcCorsOrigin(['https://dapp.example'], 'https://dapp.example')).toBe('https://dapp.example');
    expect(rpcCorsOrigin(['https://dapp.example'], 'https://evil.example')).toBeUndefined();
    expect(rpcCorsOrigin(['https://dapp.example'], undefined)).toBeUndefined();
  });
});
