// `--apply`: hand the written folder to `kubectl apply -k DIR` (a kustomization: DIR also holds the
// image build context, which `-f DIR` would try to read as manifests), reporting each line kubectl
// prints. kubectl missing and no cluster configured are said as such.
import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function runKubectl(args: string[], env: NodeJS.ProcessEnv, onStdoutLine?: (line: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn('kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(error);
      return;
    }
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim() !== '') onStdoutLine?.(line.trimEnd());
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve({ code: null, stdout, stderr, missing: true });
      else reject(error);
    });
    child.on('close', (code) => {
      if (pending.trim() !== '') onStdoutLine?.(pending.trimEnd());
      resolve({ code, stdout, stderr, missing: false });
    });
  });
}

const lastLines = (text: string) => text.trim().split('\n').slice(-5).join('\n') || '(no output)';

/** Checks kubectl and its cluster, then applies the kustomization in `dir`; returns kubectl's lines (one per resource). */
export async function applyKustomization(dir: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<string[]> {
  const context = await runKubectl(['config', 'current-context'], env);
  if (context.missing) {
    throw new UserError('--apply: kubectl was not found on the PATH', {
      code: 'KUBECTL_NOT_FOUND',
      hint: `install kubectl (https://kubernetes.io/docs/tasks/tools/) and point it at your cluster, then run: kubectl apply -k ${dir}`,
    });
  }
  if (context.code !== 0) {
    throw new UserError(`--apply: kubectl has no cluster configured (kubectl config current-context: ${lastLines(context.stderr)})`, {
      code: 'KUBECTL_NO_CLUSTER',
      hint: `choose a cluster with "kubectl config use-context <name>" (or set KUBECONFIG), then run: kubectl apply -k ${dir}`,
    });
  }
  const lines: string[] = [];
  const applied = await runKubectl(['apply', '-k', dir], env, (line) => {
    lines.push(line);
    onLine(line);
  });
  if (applied.missing) throw new UserError('--apply: kubectl was not found on the PATH', { code: 'KUBECTL_NOT_FOUND' });
  if (applied.code !== 0) {
    throw new UserError(`kubectl apply -k ${dir} failed (exit ${applied.code ?? 'signal'}): ${lastLines(applied.stderr)}`, {
      code: 'KUBECTL_APPLY_FAILED',
      hint: 'the files are written; fix the cause and run the same kubectl apply again',
      details: { applied: lines },
    });
  }
  return lines;
}
