// The local chain's JSON-RPC endpoint: getblockcount round trips per second through `neosl dev`'s
// POST /_neosl/rpc, against a raw node:http server that parses the request and answers a JSON-RPC
// result with no chain behind it. Each server runs in its own process, and autocannon in a third.
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import { autocannon, startEmulator } from '../emulator-process.js';
import { startServerProcess } from '../hello-servers.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));

const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const connections = 50;
const body = '{"jsonrpc":"2.0","id":1,"method":"getblockcount","params":[]}';

const rawJsonRpcServer = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const request = JSON.parse(text);
    const payload = JSON.stringify({ jsonrpc: '2.0', id: request.id, result: 1 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function getBlockCount(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return response.json();
}

export const chainRpcBenchmarks: Benchmark = {
  name: 'chain-rpc',
  async run() {
    const raw = await startServerProcess(rawJsonRpcServer);
    const emulator = await startEmulator(fixture);
    const ours = { url: `${emulator.url}/_neosl/rpc` };
    try {
      const answer = await getBlockCount(ours.url);
      if (typeof (answer as { result?: unknown }).result !== 'number') throw new Error(`getblockcount answered ${JSON.stringify(answer)}`);
      const load = { connections, seconds, method: 'POST', body };
      await autocannon(raw.url, { ...load, seconds: 1 });
      await autocannon(ours.url, { ...load, seconds: 1 });
      const rawLoad = await autocannon(raw.url, load);
      const rpcLoad = await autocannon(ours.url, load);
      return [
        {
          name: 'chain JSON-RPC throughput',
          ours: { label: 'getblockcount via neosl dev POST /_neosl/rpc', value: rpcLoad.requestsPerSecond, unit: 'req/s' },
          baseline: { label: 'raw node:http JSON-RPC answer', value: rawLoad.requestsPerSecond, unit: 'req/s' },
          better: 'higher',
          notes: `autocannon -c ${connections} -d ${seconds} in its own process; p99 ${rpcLoad.p99} ms vs ${rawLoad.p99} ms; non-2xx ${rpcLoad.non2xx}/${rawLoad.non2xx}`,
        },
      ];
    } finally {
      raw.stop();
      await emulator.stop();
    }
  },
};
