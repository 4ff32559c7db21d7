// An `npm` for tests that check what neosl does around an install without waiting for one: a script
// first on the PATH that records and skips `npm install` / `npm ci` and hands everything else to the
// real npm.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A PATH with the fake npm first; each skipped install appends "<cwd>: npm <args>" to `log`. */
export function pathWithFakeNpmInstall(dir: string, log: string): string {
  const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const bin = join(dir, 'fake-npm-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh\ncase "$1" in install|ci) echo "$PWD: npm $*" >> '${log}'; echo "(install skipped by the test)"; exit 0;; esac\nexec '${realNpm}' "$@"\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  return `${bin}${delimiter}${process.env.PATH ?? ''}`;
}
