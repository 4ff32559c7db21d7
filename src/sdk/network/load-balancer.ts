// LoadBalancer: picks a healthy target by strategy, sends through an HttpClient, checks targets' health.
import { request as httpRequest } from 'node:http';
import type { ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NeoError } from '../neo-error.js';
import type {
  HttpResponse, LoadBalancerOptions, LoadBalancerTarget, LoadBalancerTargetStatus, LoadBalancingStrategy, RequestOptions,
} from '../network-types.js';
import { MAX_TIMER_MS, positiveNumber } from './backoff.js';
import { HttpClient } from './http-client.js';

interface TargetState {
  target: LoadBalancerTarget;
  url: URL;
  weight: number;
  healthy: boolean;
  inFlight: number;
  /** Smooth weighted round-robin's running weight. */
  current: number;
  /** The health check in progress, if any. */
  probe: ClientRequest | undefined;
}

const STRATEGIES: readonly LoadBalancingStrategy[] = ['round-robin', 'weighted', 'least-connections'];

export class LoadBalancer {
  readonly #targets: TargetState[];
  readonly #strategy: LoadBalancingStrategy;
  readonly #client: HttpClient;
  readonly #healthCheck: { path: string; interval: number; timeout: number } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #cursor = 0;
  #closed = false;

  constructor(options: LoadBalancerOptions) {
    if (!Array.isArray(options?.targets) || options.targets.length === 0) {
      throw new RangeError('LoadBalancer needs at least one target ({ url, weight? })');
    }
    this.#targets = options.targets.map((target, index) => {
      let url: URL;
      try {
        url = new URL(target.url);
      } catch {
        throw new RangeError(`LoadBalancer targets[${index}].url is not a URL: ${String(target.url)}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new RangeError(`LoadBalancer targets[${index}].url must be http: or https:, got ${target.url}`);
      }
      const weight = positiveNumber(`LoadBalancer targets[${index}].weight`, target.weight, 1);
      return { target, url, weight, healthy: true, inFlight: 0, current: 0, probe: undefined };
    });
    const strategy = options.strategy ?? 'round-robin';
    if (!STRATEGIES.includes(strategy)) {
      throw new RangeError(`LoadBalancer strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}`);
    }
    this.#strategy = strategy;
    this.#client = new HttpClient(options.http);
    if (options.healthCheck) {
      const { path, interval } = options.healthCheck;
      const checkInterval = positiveNumber('LoadBalancer healthCheck.interval', interval, undefined);
      this.#healthCheck = {
        path: typeof path === 'string' ? path : '/',
        interval: Math.min(checkInterval, MAX_TIMER_MS),
        timeout: positiveNumber('LoadBalancer healthCheck.timeout', options.healthCheck.timeout, Math.min(checkInterval, 5000)),
      };
      this.#timer = setInterval(() => void this.checkHealth(), this.#healthCheck.interval);
      this.#timer.unref();
    }
  }

  /** The next healthy target by the strategy; throws NeoError 'UNAVAILABLE' when none is healthy. */
  next(): LoadBalancerTarget {
    return this.#pick().target;
  }

  /**
   * Sends `path` (joined to the picked target's URL) through the balancer's HttpClient, counting it as
   * in flight on that target until it settles. Rejects like HttpClient does.
   */
  async request<T = any>(path: string, options: RequestOptions & { method?: string; body?: unknown } = {}): Promise<HttpResponse<T>> {
    const state = this.#pick();
    const { method = 'GET', body, ...requestOptions } = options;
    state.inFlight++;
    try {
      return await this.#client.request<T>(method, joinUrl(state.url, path), body, requestOptions);
    } finally {
      state.inFlight--;
    }
  }

  /** Each target as the balancer sees it now. */
  status(): LoadBalancerTargetStatus[] {
    return this.#targets.map((s) => ({ url: s.target.url, weight: s.weight, healthy: s.healthy, inFlight: s.inFlight }));
  }

  /**
   * Runs one round of health checks now (they also run every healthCheck.interval): GET url + path,
   * 2xx = healthy. Resolves when every target's check has finished. Without healthCheck, does nothing.
   */
  async checkHealth(): Promise<void> {
    const check = this.#healthCheck;
    if (!check || this.#closed) return;
    await Promise.all(this.#targets.filter((s) => !s.probe).map(async (s) => {
      const healthy = await this.#probe(s, joinUrl(s.url, check.path), check.timeout);
      if (!this.#closed) s.healthy = healthy;
    }));
  }

  /** Stops the health checks and closes the HttpClient (requests still running fail). */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const s of this.#targets) s.probe?.destroy();
    this.#client.close();
  }

  #pick(): TargetState {
    if (this.#closed) throw new NeoError('UNAVAILABLE', 'LoadBalancer is closed');
    const healthy = this.#targets.filter((s) => s.healthy);
    if (healthy.length === 0) {
      throw new NeoError('UNAVAILABLE',
        `LoadBalancer: no healthy target (all ${this.#targets.length} failed their health check: ${this.#targets.map((s) => s.target.url).join(', ')})`,
        { targets: this.#targets.map((s) => s.target.url) });
    }
    switch (this.#strategy) {
      case 'weighted': {
        // Smooth weighted round-robin (as nginx): exact shares, and a heavy target's turns spread out.
        let total = 0;
        let best = healthy[0]!;
        for (const s of healthy) {
          s.current += s.weight;
          total += s.weight;
          if (s.current > best.current) best = s;
        }
        best.current -= total;
        return best;
      }
      case 'least-connections': {
        // Fewest in flight; ties go round in order, so idle targets share the load.
        const fewest = Math.min(...healthy.map((s) => s.inFlight));
        return this.#roundRobin(healthy.filter((s) => s.inFlight === fewest));
      }
      default:
        return this.#roundRobin(healthy);
    }
  }

  /** The first of `candidates` at or after the cursor (in the targets' order), moving the cursor past it. */
  #roundRobin(candidates: TargetState[]): TargetState {
    const n = this.#targets.length;
    for (let step = 0; step < n; step++) {
      const index = (this.#cursor + step) % n;
      const s = this.#targets[index]!;
      if (candidates.includes(s)) {
        this.#cursor = (index + 1) % n;
        return s;
      }
    }
    return candidates[0]!;
  }

  /** One health check; its socket does not keep the process alive. */
  #probe(state: TargetState, url: string, timeout: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      let done = false;
      let req: ClientRequest | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (healthy: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        state.probe = undefined;
        req?.destroy();
        resolve(healthy);
      };
      req = send(url, { method: 'GET', agent: false, headers: { connection: 'close' } }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.on('end', () => finish(status >= 200 && status < 300));
        res.on('error', () => finish(false));
      });
      state.probe = req;
      req.on('socket', (socket) => socket.unref());
      req.on('error', () => finish(false));
      req.on('close', () => finish(false));
      timer = setTimeout(() => finish(false), timeout);
      timer.unref();
      req.end();
    });
  }
}

function joinUrl(base: URL, path: string): string {
  const href = base.href.endsWith('/') ? base.href.slice(0, -1) : base.href;
  return `${href}${path.startsWith('/') ? '' : '/'}${path}`;
}
