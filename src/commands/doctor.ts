// `neosl doctor`: checks this machine and the project (Node, npm, native modules, the dev port,
// the services neosl.yaml names); exit 1 when a check fails.
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import { formatChecks } from '../doctor/format.js';
import { runChecks } from '../doctor/run-checks.js';

export async function doctorCommand(context: CommandContext): Promise<void> {
  const { out } = context;
  const checks = await runChecks(context.cwd, context.env);
  const failed = checks.filter((check) => check.status === 'fail');
  if (out.json) out.data({ ok: failed.length === 0, checks });
  else out.result(formatChecks(checks, out.colors));
  if (failed.length > 0) {
    throw new UserError(`${failed.length} doctor check${failed.length === 1 ? '' : 's'} failed: ${failed.map((check) => check.name).join(', ')}`, {
      code: 'DOCTOR_FAILED',
      alreadyReported: true,
    });
  }
}
