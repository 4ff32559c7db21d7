// The output folder of `neosl deploy --target knative`: a marker file says neosl wrote it, so a later
// run may replace what it wrote there; a folder with other files is refused without --force.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

export const MARKER_FILE = '.neosl-knative.json';
export const IMAGE_FOLDER = 'image';

interface Marker {
  generator: 'neosl deploy --target knative';
  neosl: string;
  project: string;
  /** Files written at the top of the folder (the image folder is written as a whole). */
  files: string[];
}

export interface OutDir {
  dir: string;
  /** Files a previous run wrote there (from the marker); removed before writing. */
  previous: string[];
  /** The folder held files and no marker of neosl: written into because of --force. */
  forced: boolean;
}

/** A file name of the folder's own top level, nothing that climbs out of it. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function readMarker(dir: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as Partial<Marker>;
    if (marker.generator !== 'neosl deploy --target knative' || !Array.isArray(marker.files)) return undefined;
    return { ...marker, files: marker.files.filter((file): file is string => typeof file === 'string' && PLAIN_NAME.test(file)) } as Marker;
  } catch {
    return undefined;
  }
}

/** Checks DIR before anything is built: not the project itself, a folder, empty or neosl's own (or --force). */
export function checkOutDir(dir: string, projectDir: string, force: boolean): OutDir {
  const fromProject = relative(resolve(dir), resolve(projectDir));
  if (fromProject === '' || (!fromProject.startsWith('..') && !fromProject.startsWith(sep) && !/^[A-Za-z]:/.test(fromProject))) {
    throw new UsageError(`--out ${displayPath(dir)} is the project folder${fromProject === '' ? '' : ' or a folder above it'}: the manifests need a folder of their own`, {
      code: 'OUT_DIR_INVALID',
      hint: 'e.g. --out k8s',
    });
  }
  if (!existsSync(dir)) return { dir, previous: [], forced: false };
  if (!statSync(dir).isDirectory()) {
    throw new UserError(`--out ${displayPath(dir)} is a file, not a folder`, { code: 'OUT_DIR_NOT_EMPTY', hint: 'name a folder, e.g. --out k8s' });
  }
  const entries = readdirSync(dir);
  const marker = readMarker(dir);
  // neosl's own folder: what it wrote is replaced, files the user added beside it are kept.
  if (marker !== undefined) return { dir, previous: marker.files, forced: false };
  if (entries.length === 0) return { dir, previous: [], forced: false };
  if (!force) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} in all)` : '');
    throw new UserError(`--out ${displayPath(dir)} is not empty and was not written by neosl (it holds ${shown})`, {
      code: 'OUT_DIR_NOT_EMPTY',
      hint: 'choose an empty or new folder, or add --force to write into it anyway (files of the same name are replaced, the others kept)',
    });
  }
  return { dir, previous: [], forced: true };
}

/**
 * Clears what a previous run wrote (its files and the image folder) and marks the folder as neosl's
 * before writing: a run that fails half-way leaves a folder the next run may still replace.
 */
export function prepareOutDir(out: OutDir, marker: Omit<Marker, 'generator'>): void {
  mkdirSync(out.dir, { recursive: true });
  for (const file of out.previous) rmSync(join(out.dir, file), { force: true });
  rmSync(join(out.dir, IMAGE_FOLDER), { recursive: true, force: true });
  writeMarker(out.dir, marker);
}

export function writeMarker(dir: string, marker: Omit<Marker, 'generator'>): void {
  const content: Marker = { generator: 'neosl deploy --target knative', ...marker };
  writeFileSync(join(dir, MARKER_FILE), `${JSON.stringify(content, null, 2)}\n`);
}

export function writeOutFile(dir: string, file: string, content: string): void {
  writeFileSync(join(dir, file), content);
}
