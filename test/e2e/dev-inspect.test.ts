// `neosl dev --inspect`: a debugger speaking the Chrome DevTools Protocol (as Chrome and VS Code do)
// attaches to the inspector, sees the function instances as worker targets, and a `debugger`
// statement in a function stops there until the debugger resumes it, however long that takes.
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { copyFixture, killDevProcesses, post, startDev, until } from '../helpers/dev-process.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
}

/** A minimal CDP client: commands to the host, and to a worker through NodeWorker sessions. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const received: CdpMessage[] = [];
  const fromWorkers: Array<{ sessionId: string; message: CdpMessage }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as CdpMessage;
    received.push(message);
    if (message.method === 'NodeWorker.receivedMessageFromWorker') {
      const { sessionId, message: inner } = message.params as { sessionId: string; message: string };
      fromWorkers.push({ sessionId, message: JSON.parse(inner) as CdpMessage });
    }
  });
  let nextId = 0;
  return {
    received,
    fromWorkers,
    send(method: string, params: Record<string, unknown> = {}) {
      socket.send(JSON.stringify({ id: ++nextId, method, params }));
    },
    toWorker(sessionId: string, method: string, params: Record<string, unknown> = {}) {
      const message = JSON.stringify({ id: ++nextId, method, params });
      socket.send(JSON.stringify({ id: ++nextId, method: 'NodeWorker.sendMessageToWorker', params: { sessionId, message } }));
    },
    close: () => socket.close(),
  };
}

describe('neosl dev --inspect', () => {
  it('shows each instance to a debugger as a worker, and a debugger statement pauses the request, past its timeout, until resumed', async () => {
    const dev = await startDev(copyFixture(), ['--inspect', '0']);
    const inspectorUrl = /Inspector listening on (ws:\/\/\S+):/.exec(dev.stderr())?.[1];
    expect(inspectorUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);

    // Without a debugger the statement does nothing.
    expect(await (await post(`${dev.url}/functions/pauses`, { n: 2 })).json()).toEqual({ doubled: 4 });

    const debuggerClient = await connect(inspectorUrl!);
    debuggerClient.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
    const attached = await until(() => {
      const sessions = debuggerClient.received.filter((message) => message.method === 'NodeWorker.attachedToWorker');
      return sessions.length > 0 ? sessions.map((message) => (message.params as { sessionId: string }).sessionId) : undefined;
    }, 'a worker target');
    for (const sessionId of attached) debuggerClient.toWorker(sessionId, 'Debugger.enable');
    await until(() => (debuggerClient.fromWorkers.filter((entry) => entry.message.method === 'Debugger.scriptParsed').length > 0 ? true : undefined), 'the debugger enabled in the instances');

    let answered = false;
    const answer = post(`${dev.url}/functions/pauses`, { n: 21 }).then(async (response) => {
      answered = true;
      return response.json();
    });
    const paused = await until(() => debuggerClient.fromWorkers.find((entry) => entry.message.method === 'Debugger.paused'), 'the pause');
    const frame = (paused.message.params as { callFrames: Array<{ functionName: string; location: { scriptId: string } }> }).callFrames[0]!;
    expect(frame.functionName).toBe('pauses');
    const script = debuggerClient.fromWorkers.find(
      (entry) => entry.message.method === 'Debugger.scriptParsed' && (entry.message.params as { scriptId: string }).scriptId === frame.location.scriptId,
    );
    // The function's bundle, with the source map that leads the debugger to functions/pauses.ts.
    expect(script?.message.params).toMatchObject({ url: expect.stringMatching(/pauses\/index\.mjs$/), sourceMapURL: expect.stringMatching(/index\.mjs\.map$/) });
    // Held at the breakpoint past the function's 300 ms timeout: under --inspect it is not enforced.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(answered).toBe(false);

    debuggerClient.toWorker(paused.sessionId, 'Debugger.resume');
    expect(await answer).toEqual({ doubled: 42 });
    debuggerClient.close();
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  });
});
