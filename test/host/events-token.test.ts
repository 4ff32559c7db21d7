// The events stream of a host with tokens, from a browser: the token offered as the WebSocket
// subprotocol `neosl-token.<token>` beside `neosl` is taken; the server selects `neosl` and never
// echoes the token; a wrong or missing token is refused 401 without a word about it.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FunctionHost } from '../../src/host/function-host.js';
import { useHostFixture } from './host-fixture.js';

const { createHost } = useHostFixture('neosl-events-token-');
const TOKEN = 'neosl_Zm9vYmFyLWJheg-_0123';

async function startHost(): Promise<FunctionHost> {
  const host = await createHost({
    authorize: (req) => req.headers.authorization === `Bearer ${TOKEN}`,
    authorizeToken: (token) => token === TOKEN,
  });
  await host.listen();
  return host;
}

type Outcome = { kind: 'open'; protocol: string; offeredBack: string | undefined; socket: WebSocket } | { kind: 'refused'; status: number; body: string };

function connect(host: FunctionHost, protocols: string[], headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/_neosl/events`, protocols, { headers });
    let offeredBack: string | undefined;
    socket.once('upgrade', (res: IncomingMessage) => (offeredBack = res.headers['sec-websocket-protocol'] as string | undefined));
    socket.once('open', () => resolve({ kind: 'open', protocol: socket.protocol, offeredBack, socket }));
    socket.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('events stream token as a subprotocol', () => {
  it('takes the token offered beside "neosl", selects "neosl" and never sends the token back', async () => {
    const host = await startHost();
    const outcome = await connect(host, ['neosl', `neosl-token.${TOKEN}`]);
    expect(outcome.kind).toBe('open');
    if (outcome.kind !== 'open') return;
    expect(outcome.protocol).toBe('neosl');
    expect(outcome.offeredBack).toBe('neosl');
    // It is a working stream: a host event reaches it.
    const message = new Promise<string>((resolve) => outcome.socket.once('message', (data) => resolve(String(data))));
    host.error('hello console');
    expect(JSON.parse(await message)).toMatchObject({ type: 'error', message: 'hello console' });
    outcome.socket.close();

    // The token listed first is not echoed either.
    const reversed = await connect(host, [`neosl-token.${TOKEN}`, 'neosl']);
    expect(reversed).toMatchObject({ kind: 'open', protocol: 'neosl', offeredBack: 'neosl' });
    if (reversed.kind === 'open') reversed.socket.close();
  });

  it('refuses a wrong or missing token with 401, and never repeats the token offered', async () => {
    const host = await startHost();
    const wrong = await connect(host, ['neosl', 'neosl-token.neosl_wrong-token-value']);
    expect(wrong).toMatchObject({ kind: 'refused', status: 401 });
    if (wrong.kind === 'refused') expect(wrong.body).not.toContain('neosl_wrong-token-value');
    expect(await connect(host, ['neosl'])).toMatchObject({ kind: 'refused', status: 401 });
    expect(await connect(host, [])).toMatchObject({ kind: 'refused', status: 401 });
  });

  it('still takes the token as Authorization (neosl logs --follow)', async () => {
    const host = await startHost();
    const outcome = await connect(host, [], { authorization: `Bearer ${TOKEN}` });
    expect(outcome.kind).toBe('open');
    if (outcome.kind === 'open') outcome.socket.close();
  });
});
