// `neosl templates`: the templates with a one-line description.
import type { CommandContext } from '../command-context.js';
import { listTemplates } from '../scaffold/catalog.js';

export async function templatesCommand(context: CommandContext): Promise<void> {
  const templates = listTemplates();
  const { out } = context;
  if (out.json) {
    out.data({ templates: templates.map(({ name, description, defaultName }) => ({ name, description, defaultName })) });
    return;
  }
  const width = Math.max(...templates.map((template) => template.name.length));
  out.result(templates.map((template) => `${out.colors.bold(template.name.padEnd(width))}  ${template.description}`).join('\n'));
  out.info(out.colors.dim('\nUse one: neosl init my-app --template <name>, or neosl new <function> --template <name>'));
}
