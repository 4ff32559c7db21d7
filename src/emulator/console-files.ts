// The web console's prebuilt files (dist/ui of the installed package: index.html and assets/*),
// read from disk once and kept in memory with their ETags. A checkout that did not build the
// console has no dist/ui: that is reported (the route answers 503), not cached, so a build made
// while neosl runs is picked up. index.html is checked for a newer build when it is asked for.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface ConsoleFile {
  body: Buffer;
  /** A strong ETag, quoted. */
  etag: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** A plain file name: no separator, no `..`, no leading dot. */
const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function contentTypeOf(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function fileOf(name: string, body: Buffer): ConsoleFile {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type: contentTypeOf(name) };
}

interface Loaded {
  indexMtimeMs: number;
  index: ConsoleFile;
  /** The names in assets/ when index.html was read: only those are served. */
  assetNames: ReadonlySet<string>;
  assets: Map<string, ConsoleFile>;
}

export class ConsoleFiles {
  private loaded: Loaded | undefined;

  /** `dir`: the folder holding index.html and assets/ (dist/ui). */
  constructor(readonly dir: string) {}

  /** index.html, or undefined when the console is not built. */
  index(): ConsoleFile | undefined {
    return this.load()?.index;
  }

  /** An asset by its file name: undefined when it is not one of the build's (or the name is not a plain file name); 'not-built' without a build. */
  asset(name: string): ConsoleFile | undefined | 'not-built' {
    if (!ASSET_NAME.test(name) || name.includes('..')) return undefined;
    const loaded = this.loaded ?? this.load();
    if (loaded === undefined) return 'not-built';
    if (!loaded.assetNames.has(name)) return undefined;
    let file = loaded.assets.get(name);
    if (file === undefined) {
      try {
        file = fileOf(name, readFileSync(join(this.dir, 'assets', name)));
      } catch {
        return undefined;
      }
      loaded.assets.set(name, file);
    }
    return file;
  }

  private load(): Loaded | undefined {
    const indexFile = join(this.dir, 'index.html');
    let mtimeMs: number;
    try {
      mtimeMs = statSync(indexFile).mtimeMs;
    } catch {
      this.loaded = undefined;
      return undefined;
    }
    if (this.loaded?.indexMtimeMs === mtimeMs) return this.loaded;
    try {
      const index = fileOf('index.html', readFileSync(indexFile));
      let names: string[] = [];
      try {
        names = readdirSync(join(this.dir, 'assets')).filter((name) => ASSET_NAME.test(name));
      } catch {
        // A build without assets: only index.html.
      }
      this.loaded = { indexMtimeMs: mtimeMs, index, assetNames: new Set(names), assets: new Map() };
    } catch {
      this.loaded = undefined;
    }
    return this.loaded;
  }
}

/** If-None-Match holds this ETag (a list, weak or strong, or *). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
