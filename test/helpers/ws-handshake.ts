// Opens a WebSocket and tells how the handshake went: 101 when it opened (then closes it), else
// the HTTP status of the refusal.
import WebSocket from 'ws';

export function wsHandshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}
