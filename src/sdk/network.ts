// The network helpers' classes.
import type {
  HttpClientOptions, HttpResponse, LoadBalancerOptions, LoadBalancerTarget, RateLimiterOptions,
  RequestOptions, WebSocketManagerOptions,
} from './network-types.js';
import type { CacheLevel } from './cache-types.js';

export declare class HttpClient {
  constructor(options?: HttpClientOptions);
  get<T = any>(url: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = any>(url: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = any>(url: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = any>(url: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  close(): void;
}

export declare class RateLimiter {
  /** With `store` (e.g. context.cache.redis) the count is shared across instances. */
  constructor(options: RateLimiterOptions & { store?: CacheLevel });
  /** Resolves while key is under its limit; rejects with NeoError 'RATE_LIMITED' past it. */
  checkLimit(key: string): Promise<void>;
}

export declare class LoadBalancer {
  constructor(options: LoadBalancerOptions);
  /** The next healthy target by the strategy. */
  next(): LoadBalancerTarget;
  request<T = any>(path: string, options?: RequestOptions & { method?: string; body?: unknown }): Promise<HttpResponse<T>>;
  close(): void;
}

/** A WebSocket as the `ws` package defines it (event-emitter style: ws.on('open', …)). */
export interface ManagedWebSocket {
  readonly readyState: number;
  readonly url: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: string, listener: (...args: any[]) => void): this;
}

export declare class WebSocketManager {
  constructor(options?: WebSocketManagerOptions);
  /** One open socket per URL; resolves only once open, rejects on error or timeout. */
  getConnection(url: string): Promise<ManagedWebSocket>;
  closeAll(): void;
}
