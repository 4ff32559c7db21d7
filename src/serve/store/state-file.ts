// `state.json`: the host's project, its active version and its canary, replaced whole on each change.
import { join } from 'node:path';
import type { Canary } from '../../host/api-types.js';
import { fileSignature } from './file-signature.js';
import { checkShape, isRecord, readStoreJson, wrongShape } from './store-json.js';
import { writeFileAtomic } from './store-files.js';

export interface HostState {
  /** Named by the first deploy; null before. */
  project: string | null;
  /** The active version's id, null before the first deploy. */
  active: string | null;
  canary: Canary | null;
}

export const EMPTY_STATE: HostState = { project: null, active: null, canary: null };

const CANARY_STATES = ['running', 'promoted', 'rolled-back'];

function checkCanary(value: unknown): Canary {
  if (!isRecord(value)) return wrongShape('canary', 'an object or null', value);
  for (const key of ['version', 'stable', 'startedAt'] as const) if (typeof value[key] !== 'string') wrongShape(`canary.${key}`, 'a string', value[key]);
  if (typeof value.percent !== 'number') wrongShape('canary.percent', 'a number', value.percent);
  if (!CANARY_STATES.includes(value.state as string)) wrongShape('canary.state', CANARY_STATES.map((state) => `"${state}"`).join(', '), value.state);
  if (!isRecord(value.stats)) wrongShape('canary.stats', 'an object', value.stats);
  return value as unknown as Canary;
}

/** `value` as a HostState, or a ShapeProblem naming the wrong field. */
export function checkState(value: unknown): HostState {
  if (!isRecord(value)) return wrongShape('the file', 'an object', value);
  if (value.project !== null && typeof value.project !== 'string') wrongShape('project', 'a string or null', value.project);
  if (value.active !== null && (typeof value.active !== 'string' || !/^v[1-9]\d*$/.test(value.active))) {
    wrongShape('active', 'a version id ("v3") or null', value.active);
  }
  const canary = value.canary === null || value.canary === undefined ? null : checkCanary(value.canary);
  return { project: value.project as string | null, active: value.active as string | null, canary };
}

export class StateFile {
  readonly file: string;
  private cached: HostState = EMPTY_STATE;
  private signature: string | undefined;

  constructor(dir: string) {
    this.file = join(dir, 'state.json');
  }

  /** The state on disk (re-read when another process replaced the file). */
  read(): HostState {
    const signature = fileSignature(this.file);
    if (signature !== this.signature) {
      const value = readStoreJson(this.file);
      this.cached = value === undefined ? EMPTY_STATE : checkShape(this.file, value, checkState);
      this.signature = signature;
    }
    return structuredClone(this.cached);
  }

  write(state: HostState): void {
    const checked = checkState(state);
    writeFileAtomic(this.file, `${JSON.stringify(checked, null, 2)}\n`);
    this.cached = structuredClone(checked);
    this.signature = fileSignature(this.file);
  }
}
