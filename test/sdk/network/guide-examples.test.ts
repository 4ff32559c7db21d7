// The performance guide's network examples, verbatim: type-checked with a generated project's compiler
// options (templates/_project/tsconfig.json, `@neo-service/sdk` resolving to this source), then run
// against local servers with `@neo-service/sdk` bound to src/sdk/network.ts and `context` a logger stub.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import * as network from '../../../src/sdk/network.js';
import { startServer } from './servers.js';
import type { TestServer } from './servers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

// --- verbatim from the guide, "Network Optimization / 1. HTTP Client" ---
const httpClientExample = `// Configure HTTP client
const client = new HttpClient({
  timeout: 5000,
  keepAlive: true,
  maxSockets: 50,
  retry: {
    attempts: 3,
    backoff: 'exponential'
  }
});

// Make requests
async function makeRequest(url: string) {
  try {
    const response = await client.get(url);
    return response.data;
  } catch (error) {
    if (error.isTimeout) {
      context.logger.warn('Request timeout', { url });
    }
    throw error;
  }
}
`;

// --- verbatim from the guide, "Network Optimization / 2. WebSocket Optimization" ---
const webSocketExample = `// WebSocket connection management
class WebSocketManager {
  private connections = new Map<string, WebSocket>();

  async getConnection(url: string): Promise<WebSocket> {
    let conn = this.connections.get(url);
    
    if (!conn || conn.readyState !== WebSocket.OPEN) {
      conn = await this.createConnection(url);
      this.connections.set(url, conn);
    }
    
    return conn;
  }

  private async createConnection(url: string): Promise<WebSocket> {
    const ws = new WebSocket(url);
    
    ws.on('error', (error) => {
      context.logger.error('WebSocket error', { url, error });
    });
    
    return new Promise((resolve) => {
      ws.on('open', () => resolve(ws));
    });
  }
}
`;

/** What surrounds a snippet: the imports and the `context` the guide leaves out. */
const header = (names: string) => `import { ${names} } from '@neo-service/sdk';
import type { Context } from '@neo-service/sdk';
declare const context: Context;
`;

const sources = {
  'guide-http-client.ts': header('HttpClient') + httpClientExample,
  'guide-websocket.ts': header('WebSocket') + webSocketExample,
};

/** Type errors of the snippets, compiled as a generated project compiles its functions. */
function typeErrors(): string[] {
  const projectConfig = JSON.parse(readFileSync(`${root}templates/_project/tsconfig.json`, 'utf8')) as { compilerOptions: object };
  const { options, errors } = ts.convertCompilerOptionsFromJson(projectConfig.compilerOptions, root);
  expect(errors).toEqual([]);
  options.paths = { '@neo-service/sdk': [`${root}src/sdk/index.ts`] };
  options.typeRoots = [`${root}node_modules/@types`];
  const files = new Map(Object.entries(sources).map(([name, text]) => [`${here}${name}`, text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
  host.readFile = (file) => files.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap((file) => {
    const sourceFile = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
      .map((d) => `${file.slice(here.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  });
}

/** Runs a snippet as a module whose `@neo-service/sdk` is src/sdk/network.ts; returns its named bindings. */
function run<T>(name: keyof typeof sources, exportsOf: string[], context: unknown): T {
  const js = ts.transpileModule(sources[name], { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const require = (specifier: string) => {
    if (specifier !== '@neo-service/sdk') throw new Error(`unexpected import ${specifier}`);
    return network;
  };
  return new Function('exports', 'require', 'context', `${js}\nreturn { ${exportsOf.join(', ')} };`)({}, require, context) as T;
}

function loggerStub() {
  return { logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } };
}

const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await s.close();
});

describe("the guide's network examples", () => {
  let errors: string[];
  beforeAll(() => {
    errors = typeErrors();
  }, 60_000);

  it('type-check as written, with a generated project\'s compiler options', () => {
    expect(errors).toEqual([]);
  });

  it('HTTP client: a 503 is retried and the data returned; a 404 is not retried', async () => {
    const server = await startServer((req, res, hit) => {
      if (req.url === '/missing') return void res.writeHead(404).end('no such thing');
      if (hit === 1) return void res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"height":12}');
    });
    servers.push(server);
    const context = loggerStub();
    const m = run<{ client: network.HttpClient; makeRequest(url: string): Promise<unknown> }>('guide-http-client.ts', ['client', 'makeRequest'], context);
    try {
      expect(await m.makeRequest(`${server.url}/data`)).toEqual({ height: 12 });
      expect(server.hits).toBe(2);
      await expect(m.makeRequest(`${server.url}/missing`)).rejects.toMatchObject({ status: 404, attempts: 1 });
      expect(server.hits).toBe(3);
      expect(context.logger.warn).not.toHaveBeenCalled();
    } finally {
      m.client.close();
    }
  });

  it('HTTP client: a request past its 5 s timeout (3 tries, fake clock) logs "Request timeout" and rethrows', async () => {
    const server = await startServer(() => { /* never answers */ });
    servers.push(server);
    const context = loggerStub();
    const m = run<{ client: network.HttpClient; makeRequest(url: string): Promise<unknown> }>('guide-http-client.ts', ['client', 'makeRequest'], context);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const outcome = m.makeRequest(`${server.url}/slow`).then(() => null, (e: unknown) => e);
      await vi.advanceTimersByTimeAsync(3 * 5000 + 2 * 5000);
      expect(await outcome).toMatchObject({ isTimeout: true, attempts: 3, url: `${server.url}/slow` });
      expect(context.logger.warn).toHaveBeenCalledWith('Request timeout', { url: `${server.url}/slow` });
    } finally {
      m.client.close();
    }
  });

  it("WebSocket manager: the guide's class works with the SDK's WebSocket", async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    let connections = 0;
    wss.on('connection', () => connections++);
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    type Manager = { getConnection(url: string): Promise<network.WebSocket> };
    const { WebSocketManager } = run<{ WebSocketManager: new () => Manager }>('guide-websocket.ts', ['WebSocketManager'], loggerStub());
    try {
      const manager = new WebSocketManager();
      const first = await manager.getConnection(url);
      expect(first).toBeInstanceOf(network.WebSocket);
      expect(first.readyState).toBe(network.WebSocket.OPEN);
      expect(await manager.getConnection(url)).toBe(first);
      first.close();
      await new Promise((resolve) => first.once('close', resolve));
      const second = await manager.getConnection(url);
      expect(second).not.toBe(first);
      expect(second.readyState).toBe(network.WebSocket.OPEN);
      expect(connections).toBe(2);
      second.close();
    } finally {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
