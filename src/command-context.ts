// What every command receives: where it runs, its environment, and where its words go.
import type { Output } from './output/output.js';

export interface CommandContext {
  /** The --cwd directory (absolute), or the process cwd; neosl.yaml is looked for here and upwards. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: Output;
}
