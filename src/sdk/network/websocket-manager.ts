// WebSocketManager: one open `ws` socket per URL, shared by concurrent callers, replaced when it closes.
import { WebSocket } from 'ws';
import type { WebSocketManagerOptions } from '../network-types.js';
import { backoffCap, jitteredDelay, MAX_TIMER_MS, positiveNumber } from './backoff.js';

/** A WebSocket as the `ws` package defines it (event-emitter style: ws.on('open', …)). */
export interface ManagedWebSocket {
  readonly readyState: number;
  readonly url: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: string, listener: (...args: any[]) => void): this;
}

/**
 * getConnection(url) resolves with the URL's open socket, opening one when there is none (or the last
 * one closed); concurrent calls for a URL share one attempt. An attempt rejects when the socket errors
 * or closes before it opens, or after `connectTimeout` ms, with a message naming the URL.
 *
 * With `reconnect: true`, a socket that closes (other than through closeAll) is also reopened in the
 * background, retrying with jittered exponential backoff (reconnectDelay doubling up to
 * maxReconnectDelay) until it opens or closeAll is called; callers holding the old socket get the new one
 * from their next getConnection. Timers never keep the process alive.
 */
export class WebSocketManager {
  readonly #connectTimeout: number;
  readonly #reconnect: boolean;
  readonly #reconnectDelay: number;
  readonly #maxReconnectDelay: number;
  readonly #sockets = new Map<string, WebSocket>();
  readonly #pending = new Map<string, { promise: Promise<WebSocket>; socket: WebSocket }>();
  readonly #reconnectTimers = new Map<string, NodeJS.Timeout>();
  /** Bumped by closeAll: what an older generation started must not come back. */
  #generation = 0;

  constructor(options: WebSocketManagerOptions = {}) {
    this.#connectTimeout = Math.min(positiveNumber('WebSocketManager connectTimeout', options.connectTimeout, 10_000), MAX_TIMER_MS);
    this.#reconnect = options.reconnect ?? false;
    this.#reconnectDelay = positiveNumber('WebSocketManager reconnectDelay', options.reconnectDelay, 1000);
    this.#maxReconnectDelay = positiveNumber('WebSocketManager maxReconnectDelay', options.maxReconnectDelay, 30_000);
  }

  /** One open socket per URL; resolves only once open, rejects on error or timeout. */
  getConnection(url: string): Promise<ManagedWebSocket> {
    return this.#get(url);
  }

  /** Closes every socket (and cancels attempts still opening and background reconnects). */
  closeAll(): void {
    this.#generation++;
    for (const timer of this.#reconnectTimers.values()) clearTimeout(timer);
    this.#reconnectTimers.clear();
    for (const { socket } of this.#pending.values()) socket.terminate();
    this.#pending.clear();
    for (const socket of this.#sockets.values()) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'closed by WebSocketManager');
    }
    this.#sockets.clear();
  }

  #get(url: string): Promise<WebSocket> {
    const open = this.#sockets.get(url);
    if (open && open.readyState === WebSocket.OPEN) return Promise.resolve(open);
    const pending = this.#pending.get(url);
    if (pending) return pending.promise;
    return this.#open(url);
  }

  #open(url: string): Promise<WebSocket> {
    const generation = this.#generation;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      // An invalid URL throws synchronously.
      return Promise.reject(new Error(`WebSocket connection to ${url} failed: ${(error as Error).message}`, { cause: error }));
    }
    const promise = new Promise<WebSocket>((resolve, reject) => {
      let settled = false;
      const fail = (reason: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.#pending.get(url)?.socket === socket) this.#pending.delete(url);
        socket.terminate();
        const why = generation === this.#generation ? reason : 'was cancelled by closeAll()';
        reject(new Error(`WebSocket connection to ${url} ${why}`, cause === undefined ? undefined : { cause }));
      };
      const timer = setTimeout(() => fail(`timed out after ${this.#connectTimeout} ms`), this.#connectTimeout);
      // An 'error' listener stays for the socket's life: without one, a later error would crash the process.
      socket.on('error', (error: Error) => fail(`failed: ${error.message}`, error));
      socket.once('close', (code: number) => {
        fail(`closed before it opened (code ${code})`);
        this.#closed(url, socket, generation);
      });
      socket.once('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#pending.delete(url);
        this.#sockets.set(url, socket);
        resolve(socket);
      });
    });
    this.#pending.set(url, { promise, socket });
    return promise;
  }

  /** A socket closed: forget it, and reopen it in the background when asked to. */
  #closed(url: string, socket: WebSocket, generation: number): void {
    if (this.#sockets.get(url) !== socket) return; // never opened, or already replaced
    this.#sockets.delete(url);
    if (this.#reconnect && generation === this.#generation) this.#scheduleReconnect(url, generation, 1);
  }

  #scheduleReconnect(url: string, generation: number, retry: number): void {
    const delay = jitteredDelay(backoffCap('exponential', this.#reconnectDelay, this.#maxReconnectDelay, retry));
    const timer = setTimeout(() => {
      this.#reconnectTimers.delete(url);
      if (generation !== this.#generation) return;
      // Someone may have connected in the meantime; #get shares or reuses that.
      this.#get(url).catch(() => {
        if (generation === this.#generation && !this.#sockets.has(url)) this.#scheduleReconnect(url, generation, retry + 1);
      });
    }, delay);
    timer.unref();
    this.#reconnectTimers.set(url, timer);
  }
}
