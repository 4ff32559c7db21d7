// The redis fake's append-only file: one JSON line per write, appended with a plain write() before
// the write is answered. No fsync: what write() handed the kernel survives a kill -9 of the process
// (only a crash of the machine could lose it, as with Redis's default `appendfsync everysec`).
// Compaction renames the file to a numbered "rotated" segment and carries on in a fresh one, so that
// writes never wait for a snapshot; segments are replayed oldest first.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseRecord, type AofRecord } from './redis-aof-records.js';

export class AppendOnlyFile {
  private fd: number | undefined;
  /** Size of the current file, and records appended to it since it was opened or rotated. */
  bytes = 0;
  records = 0;

  constructor(readonly file: string) {}

  open(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    this.fd = openSync(this.file, 'a');
    this.bytes = fstatSync(this.fd).size;
    this.records = 0;
  }

  /** Throws when the record could not be handed to the kernel (the write must then not be acknowledged). */
  append(record: AofRecord): void {
    if (this.fd === undefined) throw new Error(`${basename(this.file)} is closed`);
    const data = Buffer.from(`${JSON.stringify(record)}\n`);
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written);
    this.bytes += data.length;
    this.records++;
  }

  /**
   * Renames the file to `to` and continues in a new, empty one: every append before is in `to`,
   * every one after in the new file. Synchronous, so no append falls between the two.
   */
  rotate(to: string): void {
    if (this.fd === undefined) throw new Error(`${basename(this.file)} is closed`);
    renameSync(this.file, to);
    // Were the new file not to open, appends go on into `to`, which is replayed all the same.
    const fd = openSync(this.file, 'a');
    closeSync(this.fd);
    this.fd = fd;
    this.bytes = 0;
    this.records = 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

const ROTATED = /\.rotated-(\d+)$/;

/** The name of the n-th rotated segment of `file`. */
export const rotatedSegment = (file: string, n: number): string => `${file}.rotated-${n}`;

/** `file`'s rotated segments (left by a compaction that did not finish), oldest first, then `file`; those that exist. */
export function segmentsOf(file: string): { path: string; n: number }[] {
  const dir = dirname(file);
  const prefix = `${basename(file)}.rotated-`;
  const rotated = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.startsWith(prefix) && ROTATED.test(name))
        .map((name) => ({ path: join(dir, name), n: Number(ROTATED.exec(name)![1]) }))
        .sort((a, b) => a.n - b.n)
    : [];
  return existsSync(file) ? [...rotated, { path: file, n: Infinity }] : rotated;
}

export interface SegmentContents {
  records: AofRecord[];
  /** 1-based numbers of lines that are not records (the last one cut short by a crash, typically). */
  badLines: number[];
}

/** Reads a segment; throws only when the file itself cannot be read. */
export function readSegment(path: string): SegmentContents {
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: AofRecord[] = [];
  const badLines: number[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      records.push(parseRecord(line));
    } catch {
      badLines.push(index + 1);
    }
  });
  return { records, badLines };
}
