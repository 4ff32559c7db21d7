// The last requests with their details, for the web console's request log (GET /_neosl/requests).
// Capturing costs the request path something, so it runs only while someone looks: a console (an
// events-stream client that takes request events) is connected, or the request routes were read
// in the last minute. While it runs a request costs one small object and the references the server
// already holds (its body string, its headers, its logs): bodies are cut (a copy) only past 1 MiB,
// and everything else — the 64 KiB preview, header redaction, secret scrubbing — is done when a
// detail is read, not when it is kept.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { LogRecord } from '../sdk/context.js';
import type { RequestEvent } from './events.js';

/** One line of GET /_neosl/requests: the request event without its type and bench mark (bench traffic is not kept). */
export type RequestSummary = Omit<RequestEvent, 'type' | 'bench'>;

export interface BodyView {
  text: string;
  /** More than `text` holds: past the preview (64 KiB), or with ?full=1 past the 1 MiB kept. */
  truncated: boolean;
  /** The whole body's size in UTF-8 bytes. */
  bytes: number;
}

/** GET /_neosl/requests/:id. */
export interface RequestDetail extends RequestSummary {
  input: BodyView;
  output: BodyView;
  /** Lower-case names; a repeated header's values joined with ", "; credentials shown as "[redacted]". */
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  logs: { time: number; level: string; message: string }[];
  error?: { code: string; message: string; stack?: string };
}

/** What the server hands over for a request while the log is watched: references, no copies. */
export interface RequestExchange {
  input: string;
  output: string;
  requestHeaders?: IncomingHttpHeaders;
  responseHeaders?: OutgoingHttpHeaders;
  logs?: readonly LogRecord[];
  error?: { code: string; message: string; stack?: string };
}

interface KeptBody {
  text: string;
  bytes: number;
  /** `text` is the first MAX_KEPT_BYTES only. */
  cut: boolean;
}

interface Entry {
  event: RequestEvent;
  input: KeptBody;
  output: KeptBody;
  requestHeaders: IncomingHttpHeaders | undefined;
  responseHeaders: OutgoingHttpHeaders | undefined;
  logs: readonly LogRecord[] | undefined;
  error: RequestExchange['error'];
  /** What its bodies weigh against the log's budget (characters). */
  weight: number;
}

export const REQUEST_LOG_CAPACITY = 500;
/** Of each body, at most this much is kept. */
export const MAX_KEPT_BYTES = 1024 * 1024;
/** A detail shows this much of each body unless asked for all of it. */
export const PREVIEW_BYTES = 64 * 1024;
/** Kept bodies of all entries together (characters): past it the oldest entries go, so 500 big requests cannot hold a gigabyte. */
export const KEPT_BODIES_BUDGET = 32 * 1024 * 1024;
/** How long a read of the request routes keeps capturing on without an events client. */
export const WATCH_AFTER_READ_MS = 60_000;
/** Log records kept per request. */
const MAX_LOGS = 200;
const MAX_LOG_MESSAGE = 8 * 1024;

/** Headers never shown: credentials, and anything named like one. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-neosl-token', 'x-api-key', 'api-key', 'x-auth-token', 'x-csrf-token', 'x-xsrf-token']);
const SECRET_HEADER_NAME = /token|secret|passw|api[-_]?key|auth|session|cookie|signature|credential/i;
export const REDACTED = '[redacted]';
/** Shorter secret values are not scrubbed from texts: they would blank out common words and numbers. */
const MIN_SCRUBBED_SECRET = 6;

const EMPTY_BODY: KeptBody = { text: '', bytes: 0, cut: false };

/** A body kept as is when it is small (a reference), else its first MiB (a copy, so the whole string is not held). */
function keepBody(text: string): KeptBody {
  if (text.length === 0) return EMPTY_BODY;
  // A UTF-16 unit is at most 3 UTF-8 bytes: below this nothing needs measuring now.
  if (text.length * 3 <= MAX_KEPT_BYTES) return { text, bytes: -1, cut: false };
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_KEPT_BYTES) return { text, bytes, cut: false };
  return { text: utf8Head(Buffer.from(text), MAX_KEPT_BYTES), bytes, cut: true };
}

/** The first `limit` bytes as text, ending on a whole character (not one cut in two). */
function utf8Head(buffer: Buffer, limit: number): string {
  let end = limit;
  while (end > 0 && (buffer[end]! & 0xc0) === 0x80) end--;
  return buffer.toString('utf8', 0, end);
}

function headText(text: string, limit: number): { text: string; cut: boolean } {
  if (text.length * 3 <= limit) return { text, cut: false };
  const buffer = Buffer.from(text);
  if (buffer.length <= limit) return { text, cut: false };
  return { text: utf8Head(buffer, limit), cut: true };
}

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_NAME.test(lower);
}

export interface RequestLogOptions {
  capacity?: number;
  /** The secret values in force (the host's, updated in place): scrubbed from every text a detail shows. */
  secrets?: () => Iterable<string>;
  /** Told when capturing starts or stops (the host asks instances for their log records meanwhile). */
  onWatchingChange?: (watching: boolean) => void;
  now?: () => number;
}

export interface RequestQuery {
  functionName?: string;
  /** "2xx", "4xx", "5xx" (a class) or a code such as 404. */
  status?: string;
  limit?: number;
}

export class RequestLog {
  /** Read on every request: capture only while true. */
  watching = false;
  private readonly entries: (Entry | undefined)[];
  private next = 0;
  private weight = 0;
  private watchers = 0;
  private readUntil = 0;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(private readonly options: RequestLogOptions = {}) {
    this.capacity = options.capacity ?? REQUEST_LOG_CAPACITY;
    this.entries = new Array<Entry | undefined>(this.capacity);
    this.now = options.now ?? Date.now;
  }

  /** Events-stream clients that take request events (a console page); captured while there is one. */
  setWatchers(count: number): void {
    this.watchers = count;
    this.update();
  }

  /** A read of the request routes: captured for the next minute, even with no events client. */
  touch(): void {
    const wasReading = this.readUntil > this.now();
    this.readUntil = this.now() + WATCH_AFTER_READ_MS;
    if (!wasReading) {
      this.update();
      this.armReadTimer(WATCH_AFTER_READ_MS);
    }
  }

  private armReadTimer(ms: number): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      const left = this.readUntil - this.now();
      if (left > 0) return this.armReadTimer(left);
      this.readTimer = undefined;
      this.update();
    }, ms);
    this.readTimer.unref();
  }

  private update(): void {
    const watching = this.watchers > 0 || this.readUntil > this.now();
    if (watching === this.watching) return;
    this.watching = watching;
    this.options.onWatchingChange?.(watching);
  }

  /** An answered request; called only while watching. Requests sent by a bench are left out (they would push everything else out). */
  add(event: RequestEvent, exchange: RequestExchange | undefined): void {
    if (event.bench === true) return;
    const input = exchange ? keepBody(exchange.input) : EMPTY_BODY;
    const output = exchange ? keepBody(exchange.output) : EMPTY_BODY;
    const entry: Entry = {
      event,
      input,
      output,
      requestHeaders: exchange?.requestHeaders,
      responseHeaders: exchange?.responseHeaders,
      logs: exchange?.logs !== undefined && exchange.logs.length > 0 ? exchange.logs : undefined,
      error: exchange?.error,
      weight: input.text.length + output.text.length,
    };
    const slot = this.next;
    const evicted = this.entries[slot];
    if (evicted !== undefined) this.weight -= evicted.weight;
    this.entries[slot] = entry;
    this.weight += entry.weight;
    this.next = (slot + 1) % this.capacity;
    // Over the budget: the oldest go (never the one just kept).
    for (let index = this.next; this.weight > KEPT_BODIES_BUDGET && index !== slot; index = (index + 1) % this.capacity) {
      const old = this.entries[index];
      if (old === undefined) continue;
      this.weight -= old.weight;
      this.entries[index] = undefined;
    }
  }

  /** Newest first, filtered. */
  list(query: RequestQuery = {}): RequestSummary[] {
    const limit = query.limit ?? 100;
    const matchesStatus = statusFilter(query.status);
    const found: RequestSummary[] = [];
    for (let step = 1; step <= this.capacity && found.length < limit; step++) {
      const entry = this.entries[(this.next - step + this.capacity) % this.capacity];
      if (entry === undefined) continue;
      const { event } = entry;
      if (query.functionName !== undefined && event.functionName !== query.functionName) continue;
      if (!matchesStatus(event.status)) continue;
      found.push(summaryOf(event));
    }
    return found;
  }

  /** The detail of a request still kept; `full`: bodies up to the 1 MiB kept instead of the 64 KiB preview. */
  detail(requestId: string, full = false): RequestDetail | undefined {
    const entry = this.entries.find((candidate) => candidate?.event.requestId === requestId);
    if (entry === undefined) return undefined;
    const scrub = this.scrubber();
    const detail: RequestDetail = {
      ...summaryOf(entry.event),
      input: bodyView(entry.input, full, scrub),
      output: bodyView(entry.output, full, scrub),
      requestHeaders: shownHeaders(entry.requestHeaders, scrub),
      responseHeaders: shownHeaders(entry.responseHeaders, scrub),
      logs: (entry.logs ?? []).slice(0, MAX_LOGS).map((record) => ({ time: record.time, level: record.level, message: scrub(record.message.length > MAX_LOG_MESSAGE ? `${record.message.slice(0, MAX_LOG_MESSAGE)}…` : record.message) })),
    };
    if (entry.error !== undefined) {
      detail.error = { code: entry.error.code, message: scrub(entry.error.message), ...(entry.error.stack !== undefined ? { stack: scrub(entry.error.stack) } : {}) };
    }
    return detail;
  }

  close(): void {
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
  }

  private scrubber(): (text: string) => string {
    const values = [...(this.options.secrets?.() ?? [])].filter((value) => value.length >= MIN_SCRUBBED_SECRET);
    if (values.length === 0) return (text) => text;
    // Longest first: a secret that contains another is scrubbed whole.
    values.sort((a, b) => b.length - a.length);
    return (text) => {
      let scrubbed = text;
      for (const value of values) if (scrubbed.includes(value)) scrubbed = scrubbed.replaceAll(value, REDACTED);
      return scrubbed;
    };
  }
}

function summaryOf(event: RequestEvent): RequestSummary {
  const summary: RequestSummary = {
    requestId: event.requestId,
    time: event.time,
    method: event.method,
    path: event.path,
    status: event.status,
    durationMs: event.durationMs,
    coldStart: event.coldStart,
  };
  if (event.functionName !== undefined) summary.functionName = event.functionName;
  if (event.errorCode !== undefined) summary.errorCode = event.errorCode;
  if (event.version !== undefined) summary.version = event.version;
  return summary;
}

function bodyView(body: KeptBody, full: boolean, scrub: (text: string) => string): BodyView {
  const bytes = body.bytes === -1 ? Buffer.byteLength(body.text) : body.bytes;
  if (full) return { text: scrub(body.text), truncated: body.cut, bytes };
  const head = headText(body.text, PREVIEW_BYTES);
  return { text: scrub(head.text), truncated: head.cut || body.cut, bytes };
}

function shownHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders | undefined, scrub: (text: string) => string): Record<string, string> {
  const shown: Record<string, string> = {};
  if (headers === undefined) return shown;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (isSecretHeader(lower)) shown[lower] = REDACTED;
    else shown[lower] = scrub(Array.isArray(value) ? value.join(', ') : String(value));
  }
  return shown;
}

/** "2xx"/"4xx"/"5xx" a class, "404" one code; anything else matches nothing rather than everything. */
function statusFilter(status: string | undefined): (code: number) => boolean {
  if (status === undefined || status === '') return () => true;
  const range = /^([1-5])xx$/i.exec(status);
  if (range) {
    const base = Number(range[1]) * 100;
    return (code) => code >= base && code < base + 100;
  }
  const exact = /^\d{3}$/.test(status) ? Number(status) : NaN;
  return (code) => code === exact;
}
