// Option and result shapes of the network helpers (HttpClient, RateLimiter, LoadBalancer, WebSocketManager).

export type BackoffKind = 'exponential' | 'linear' | 'none';

export interface RetryOptions {
  attempts?: number;
  backoff?: BackoffKind;
  /** First delay in ms (default 100). */
  initialDelay?: number;
  /** Largest delay in ms (default 5000). */
  maxDelay?: number;
}

export interface HttpClientOptions {
  /** Per-request timeout in ms. */
  timeout?: number;
  keepAlive?: boolean;
  maxSockets?: number;
  retry?: RetryOptions;
  headers?: Record<string, string>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  timeout?: number;
  query?: Record<string, string | number | boolean>;
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/** What HttpClient rejects with. */
export interface HttpClientError extends Error {
  isTimeout: boolean;
  status?: number;
  attempts: number;
  url: string;
}

export interface RateLimiterOptions {
  windowMs: number;
  max: number;
  message?: string;
}

export interface LoadBalancerTarget {
  url: string;
  weight?: number;
}

export type LoadBalancingStrategy = 'round-robin' | 'weighted' | 'least-connections';

export interface LoadBalancerOptions {
  targets: LoadBalancerTarget[];
  strategy?: LoadBalancingStrategy;
  healthCheck?: { path: string; interval: number; timeout?: number };
}

export interface WebSocketManagerOptions {
  /** ms to wait for a socket to open. */
  connectTimeout?: number;
  reconnect?: boolean;
}

export interface CircuitBreakerOptions {
  name: string;
  /** ms before a call counts as failed. */
  timeout: number;
  /** Failures (count) that open the circuit. */
  errorThreshold: number;
  /** ms the circuit stays open before a trial call. */
  resetTimeout: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';
