// Option and result shapes of the network helpers (HttpClient, RateLimiter, LoadBalancer, WebSocketManager).

export type BackoffKind = 'exponential' | 'linear' | 'none';

/**
 * Retries of network errors, timeouts and 5xx responses (never 4xx). The delay before retry n
 * (n = 1, 2, …) is drawn uniformly from [0, cap) ("full jitter"), where cap is
 * initialDelay·2^(n-1) ('exponential'), initialDelay·n ('linear') or initialDelay ('none': no growth),
 * and never more than maxDelay.
 */
export interface RetryOptions {
  /** Tries in all, the first one included (default 3 when `retry` is given; 1 without `retry`). */
  attempts?: number;
  /** How the delay grows between tries (default 'exponential'). */
  backoff?: BackoffKind;
  /** First delay in ms (default 100). */
  initialDelay?: number;
  /** Largest delay in ms (default 5000). */
  maxDelay?: number;
}

export interface HttpClientOptions {
  /** Per-request (per try) timeout in ms, response body included (default 30000). */
  timeout?: number;
  /** Reuse connections between requests (default true). */
  keepAlive?: boolean;
  /** Concurrent sockets per host (default 50). */
  maxSockets?: number;
  /** Without it, a request is tried once. */
  retry?: RetryOptions;
  /** Sent with every request; a request's own headers win. */
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
  /** True when the (last) try ran out of time. */
  isTimeout: boolean;
  /** The HTTP status of a non-2xx response; absent for network errors and timeouts. */
  status?: number;
  /** Tries made, the first one included. */
  attempts: number;
  url: string;
  /** The network error's code (e.g. 'ECONNREFUSED', 'ETIMEDOUT'), when there is one. */
  code?: string;
  /** A non-2xx response's body (parsed like a successful one's). */
  data?: unknown;
}

/**
 * A fixed window per key, opened by the key's first call: `max` calls pass until `windowMs` after it,
 * then the count starts again.
 */
export interface RateLimiterOptions {
  windowMs: number;
  max: number;
  /** The refusal's message (default 'Too many requests'). */
  message?: string;
  /** Prepended to keys in a shared store (default 'ratelimit:'), so limiters sharing a store keep apart. */
  prefix?: string;
}

export interface LoadBalancerTarget {
  url: string;
  weight?: number;
}

export type LoadBalancingStrategy = 'round-robin' | 'weighted' | 'least-connections';

export interface LoadBalancerOptions {
  targets: LoadBalancerTarget[];
  /** Default 'round-robin'. */
  strategy?: LoadBalancingStrategy;
  /**
   * GET target.url + path every `interval` ms (the first after one interval; `checkHealth()` runs one
   * now); 2xx = healthy. A failing target is taken out until a check succeeds again. `timeout` (ms)
   * defaults to min(interval, 5000).
   */
  healthCheck?: { path: string; interval: number; timeout?: number };
  /** Options of the HttpClient that `request()` uses. */
  http?: HttpClientOptions;
}

/** A target as the load balancer sees it now. */
export interface LoadBalancerTargetStatus {
  url: string;
  weight: number;
  healthy: boolean;
  /** Requests sent through `request()` and not yet settled. */
  inFlight: number;
}

export interface WebSocketManagerOptions {
  /** ms to wait for a socket to open (default 10000). */
  connectTimeout?: number;
  /** Also reconnect in the background, with backoff, when an open socket closes (default false). */
  reconnect?: boolean;
  /** First background reconnect delay in ms (default 1000); doubles per failure. */
  reconnectDelay?: number;
  /** Largest background reconnect delay in ms (default 30000). */
  maxReconnectDelay?: number;
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
