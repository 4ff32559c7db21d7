// The local chain's JSON-RPC endpoint: getblockcount round trips per second through `neosl dev`'s
// POST /_neosl/rpc, against a raw node:http server that parses the request and answers a JSON-RPC
// result with no chain behind it. Each server runs in its own process, and autocannon in a third.
// `NEOSL_BENCH_REPS` (default 5) alternating rounds; the line judges the median of the rounds'
// ratios against the target (≥ 0.85x), and lists the rounds.
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import { autocannon, startEmulator } from '../emulator-process.js';
import { startServerProcess } from '../hello-servers.js';
import { median } from '../measure.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));

const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const connections = 50;
const reps = Math.max(1, Math.floor(Number(process.env.NEOSL_BENCH_REPS ?? 5)));
const TARGET = 0.85;
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
      const rawRates: number[] = [];
      const rpcRates: number[] = [];
      const p99s: number[] = [];
      let non2xx = 0;
      for (let rep = 0; rep < reps; rep++) {
        // Alternating which goes first, so that a drift of the machine does not favour one side.
        const first = rep % 2 === 0 ? raw.url : ours.url;
        const loads = new Map<string, Awaited<ReturnType<typeof autocannon>>>();
        loads.set(first, await autocannon(first, load));
        const second = first === raw.url ? ours.url : raw.url;
        loads.set(second, await autocannon(second, load));
        const rpcLoad = loads.get(ours.url)!;
        rawRates.push(loads.get(raw.url)!.requestsPerSecond);
        rpcRates.push(rpcLoad.requestsPerSecond);
        p99s.push(rpcLoad.p99);
        non2xx += rpcLoad.non2xx;
      }
      const ratios = rpcRates.map((rate, index) => rate / rawRates[index]!);
      const list = (values: number[], digits: number) => values.map((value) => value.toFixed(digits)).join(', ');
      return [
        {
          name: 'chain JSON-RPC throughput',
          ours: { label: 'getblockcount via neosl dev POST /_neosl/rpc', value: median(rpcRates), unit: 'req/s' },
          baseline: { label: 'raw node:http JSON-RPC answer', value: median(rawRates), unit: 'req/s' },
          better: 'higher',
          target: TARGET,
          pairedRatio: median(ratios),
          notes: `autocannon -c ${connections} -d ${seconds} in its own process, ${reps} alternating reps; rpc: ${list(rpcRates, 0)}; raw: ${list(rawRates, 0)}; per-rep ratios ${list(ratios, 2)}; rpc p99 ${list(p99s, 0)} ms; non-2xx ${non2xx}`,
        },
      ];
    } finally {
      raw.stop();
      await emulator.stop();
    }
  },
};
