// Running `npm install` in a new project, with its output shown as progress on stderr.
import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';

export async function npmInstall(dir: string, onOutput: (text: string) => void, env: NodeJS.ProcessEnv): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['install', '--no-audit', '--no-fund'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  });
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`could not run npm: ${error.message}`, {
      code: 'INSTALL_FAILED',
      hint: `Install Node.js with npm, then run "npm install" in ${dir}.`,
    });
  });
  if (exitCode !== 0) {
    throw new UserError(`npm install failed in ${dir} (exit code ${exitCode})`, {
      code: 'INSTALL_FAILED',
      hint: `The project files are written. Fix the problem above, then run "npm install" in ${dir}.`,
    });
  }
}
