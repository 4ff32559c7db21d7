// Runs the load generator child process for one plan: its ticks and phases become bench events,
// stop() ends the load early (the partial result still comes back).
import { fork } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import type { BenchEventMap } from './events.js';
import type { ChildMessage, LoadPlan, LoadSummary, ParentMessage } from './load-protocol.js';

const generatorFile = fileURLToPath(new URL('./load-generator.js', import.meta.url));

export interface LoadRun {
  /** Settles with the summary of the measured run (partial when stopped). */
  done: Promise<{ summary: LoadSummary; interrupted: boolean }>;
  /** Ends the load now; `done` then settles with what was measured. */
  stop(): void;
}

export function runLoad(plan: LoadPlan, events: EventEmitter<BenchEventMap>): LoadRun {
  // The compiled generator (dist/bench): bench always runs from the built CLI.
  const child = fork(generatorFile, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));

  const done = new Promise<{ summary: LoadSummary; interrupted: boolean }>((resolve, reject) => {
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      switch (message.type) {
        case 'phase':
          events.emit('phase', { type: 'phase', phase: message.phase, time: Date.now() });
          break;
        case 'tick':
          events.emit('tick', { type: 'tick', tick: message.tick });
          break;
        case 'done':
          settled = true;
          resolve({ summary: message.summary, interrupted: message.interrupted });
          break;
        case 'failed':
          settled = true;
          reject(new UserError(`the load generator failed: ${message.message}`, { code: 'LOAD_FAILED' }));
      }
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      reject(new UserError(`the load generator exited (${signal ?? `code ${code}`}) before it finished${stderr ? `:\n${stderr.trim()}` : ''}`, { code: 'LOAD_FAILED' }));
    });
  });

  const send = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'start', plan });
  // The child ends itself when done; a parent that goes away takes it along (disconnect).
  void done.catch(() => undefined).finally(() => setTimeout(() => child.kill(), 1000).unref());
  return {
    done,
    stop: () => {
      events.emit('phase', { type: 'phase', phase: 'stopping', time: Date.now() });
      send({ type: 'stop' });
    },
  };
}
