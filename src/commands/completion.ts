// `neosl completion <shell>`: a completion script made from the commander program itself, so it
// offers exactly the commands and flags of this version; and the hidden `neosl __complete
// functions` the scripts call on Tab for the project's function names.
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../errors.js';
import { packageVersion } from '../package-info.js';

type Action = (context: CommandContext, args: unknown[], options: Record<string, unknown>) => Promise<void>;

/** The action of `neosl completion`, for this program. */
export function completionCommand(program: Command): Action {
  return async (context, args) => {
    const shell = String(args[0]);
    const [{ completionSpec }, { listTemplates }] = await Promise.all([import('../completion/spec.js'), import('../scaffold/catalog.js')]);
    const spec = completionSpec(program, { templates: listTemplates().map((template) => template.name) });
    const version = packageVersion();
    let script: string;
    if (shell === 'bash') script = (await import('../completion/bash.js')).bashScript(spec, version);
    else if (shell === 'zsh') script = (await import('../completion/zsh.js')).zshScript(spec, version);
    else if (shell === 'fish') script = (await import('../completion/fish.js')).fishScript(spec, version);
    else throw new UsageError(`no completion for the shell "${shell}"`, { code: 'UNKNOWN_SHELL', hint: 'Use bash, zsh or fish: neosl completion bash' });
    if (context.out.json) context.out.data({ shell, script });
    else context.out.result(script);
  };
}

/** What `neosl __complete <kind>` can list. */
const VALUE_KINDS = ['functions'];

export async function completeValuesCommand(context: CommandContext, args: unknown[]): Promise<void> {
  const kind = String(args[0]);
  if (!VALUE_KINDS.includes(kind)) {
    throw new UsageError(`nothing to complete for "${kind}"`, { code: 'UNKNOWN_COMPLETION', hint: `Use one of: ${VALUE_KINDS.join(', ')}.` });
  }
  const { functionNames } = await import('../completion/function-names.js');
  const names = functionNames(context.cwd);
  if (context.out.json) context.out.data({ functions: names });
  else if (names.length > 0) context.out.result(names.join('\n'));
}
