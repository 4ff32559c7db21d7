// Hello-world servers the performance suite measures neosl against, each run in its own process:
// raw node:http, and node:http with the work done in a worker thread (the floor of any emulator
// that isolates functions in workers).
import { spawn } from 'node:child_process';

export const rawHelloServer = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const input = JSON.parse(text || '{}');
    const payload = JSON.stringify({ message: 'Hello, ' + (input.name ?? 'world') + '!' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

// The floor for any emulator that isolates functions in worker threads: the same hello, computed in
// a worker, one postMessage each way per request, no neosl code. Shows how much of the gap to raw
// node is the thread hop and how much is neosl's own per-request work.
export const workerHopServer = `
const http = require('node:http');
const { Worker } = require('node:worker_threads');
const worker = new Worker(\`
  const { parentPort } = require('node:worker_threads');
  parentPort.on('message', ({ id, input }) => parentPort.postMessage({ id, value: { message: 'Hello, ' + (input.name ?? 'world') + '!' } }));
\`, { eval: true });
const pending = new Map();
let nextId = 0;
worker.on('message', ({ id, value }) => { const done = pending.get(id); pending.delete(id); done(value); });
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const id = nextId++;
    pending.set(id, (value) => {
      const payload = JSON.stringify(value);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
    worker.postMessage({ id, input: JSON.parse(text || '{}') });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

/** Runs one of the servers above in its own process; resolves with its URL once it listens. */
export async function startServerProcess(source: string): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim())));
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => void child.kill() };
}

