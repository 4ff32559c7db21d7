// `neosl doctor`'s human output: one line per check (✔ ▲ ✖), its fix below it, and a count.
import type { Colors } from '../output/colors.js';
import type { CheckResult } from './check.js';

export function formatChecks(results: CheckResult[], colors: Colors): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const mark = { ok: colors.green('✔'), warn: colors.yellow('▲'), fail: colors.red('✖') };
  const lines = results.flatMap((result) => [
    `${mark[result.status]} ${result.name.padEnd(width)}  ${result.message}`,
    ...(result.fix ? [`  ${' '.repeat(width)}  ${colors.dim(`fix: ${result.fix}`)}`] : []),
  ]);
  const count = (status: CheckResult['status']) => results.filter((result) => result.status === status).length;
  const [warnings, failures] = [count('warn'), count('fail')];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary =
    failures > 0
      ? colors.red(`${plural(failures, 'check')} failed${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}`)
      : warnings > 0
        ? colors.yellow(`no failures, ${plural(warnings, 'warning')}`)
        : colors.green('everything checked is fine');
  return `${lines.join('\n')}\n\n${summary}`;
}
