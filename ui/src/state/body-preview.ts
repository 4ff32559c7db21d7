// What the console shows of a captured body: at most 64 KiB (what the server keeps), pretty-printed
// when it is JSON and small enough to re-format cheaply, and whether a "show all" is offered.
import type { CapturedBody } from './host-types.js';

/** 64 Ki characters: what the server keeps of a body (64 KiB), counted in what a string holds. */
export const PREVIEW_LIMIT_CHARS = 64 * 1024;
/** Bodies longer than this are shown as they came (re-formatting megabytes would stall the page). */
const PRETTY_LIMIT = 1024 * 1024;

export interface BodyPreview {
  text: string;
  /** The shown text is not the whole body. */
  truncated: boolean;
  /** The host has more of it than is shown: offer "show all" (false once ?full=1 came back). */
  canShowAll: boolean;
  /** The body's full size in bytes. */
  bytes: number;
}

/** Cuts a text to at most `limit` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * `full`: the body came from ?full=1, shown as the host gave it (it may still be cut, past the
 * 1 MiB a host keeps of a body: then `truncated` stays true, with nothing more to ask for).
 */
export function previewBody(body: CapturedBody, full = false): BodyPreview {
  if (full) {
    const text = body.truncated || body.text.length > PRETTY_LIMIT ? body.text : prettyJson(body.text);
    return { text, truncated: body.truncated, canShowAll: false, bytes: body.bytes };
  }
  const cut = cutText(body.text, PREVIEW_LIMIT_CHARS);
  const truncated = body.truncated || cut.length < body.text.length;
  return { text: truncated ? cut : prettyJson(cut), truncated, canShowAll: truncated, bytes: body.bytes };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
