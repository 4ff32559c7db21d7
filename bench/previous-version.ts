// Another version of neosl built from git, for a same-run comparison with the working tree: the
// sources of the ref are extracted into a temp folder (git archive: the repo itself is untouched),
// given this checkout's node_modules, and built with its own build script.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

export interface PreviousVersion {
  /** "HEAD (d02ab90)". */
  label: string;
  /** Its bin/neosl.js. */
  bin: string;
  remove(): void;
}

export function buildPreviousVersion(ref: string): PreviousVersion {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'neosl-previous-'));
  try {
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { label: `${ref} (${sha})`, bin: join(dir, 'bin', 'neosl.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
