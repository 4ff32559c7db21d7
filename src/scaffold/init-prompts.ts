// The questions `neosl init` asks on a terminal when it is given nothing: the project's folder and
// its template. Lines are queued as they come, so answers typed (or piped) ahead are not lost, and
// Ctrl-C or the end of the input cancels before anything is written.
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether the streams are a terminal (line editing, Ctrl-C as a key); default: output.isTTY. */
  terminal?: boolean;
}

export interface TemplateChoice {
  name: string;
  description: string;
}

export interface InitPromptOptions {
  templates: readonly TemplateChoice[];
  defaultFolder: string;
  defaultTemplate: string;
  /** Why a folder cannot hold a new project (it is not empty, it is a file), with a free one to offer instead. */
  folderProblem: (folder: string) => { problem: string; suggestion: string } | undefined;
}

export interface InitChoices {
  folder: string;
  template: string;
}

function cancelled(): UserError {
  return new UserError('neosl init was cancelled; nothing was written', {
    code: 'INIT_CANCELLED',
    hint: 'Run "neosl init" again, or give everything as flags: neosl init my-app --template hello',
  });
}

/** Asks for the folder, then the template; rejects with INIT_CANCELLED on Ctrl-C or end of input. */
export async function promptInitChoices(streams: PromptStreams, options: InitPromptOptions): Promise<InitChoices> {
  const terminal = streams.terminal ?? (streams.output as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: streams.input, output: streams.output, terminal });
  const queued: string[] = [];
  let waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(line);
    } else queued.push(line);
  });
  const stop = () => {
    closed = true;
    waiting?.reject(cancelled());
    waiting = undefined;
  };
  rl.on('close', stop);
  rl.on('SIGINT', () => {
    streams.output.write('\n');
    rl.close();
  });
  const say = (text: string) => void streams.output.write(`${text}\n`);
  const ask = (question: string): Promise<string> => {
    rl.setPrompt(question);
    rl.prompt();
    if (queued.length > 0) {
      return Promise.resolve(queued.shift()!.trim());
    }
    if (closed) return Promise.reject(cancelled());
    return new Promise<string>((resolve, reject) => {
      waiting = { resolve: (line) => resolve(line.trim()), reject };
    });
  };

  try {
    let folderDefault = options.defaultFolder;
    let folder: string;
    for (;;) {
      folder = (await ask(`? Project folder (${folderDefault}): `)) || folderDefault;
      const trouble = options.folderProblem(folder);
      if (!trouble) break;
      say(`  ${trouble.problem}; choose another folder`);
      folderDefault = trouble.suggestion;
    }

    const { templates } = options;
    const width = Math.max(...templates.map((template) => template.name.length));
    say('? Template:');
    templates.forEach((template, index) => say(`  ${String(index + 1).padStart(String(templates.length).length)}) ${template.name.padEnd(width)}  ${template.description}`));
    const defaultIndex = Math.max(0, templates.findIndex((template) => template.name === options.defaultTemplate));
    let template: string | undefined;
    while (template === undefined) {
      const answer = await ask(`? Template, 1-${templates.length} or a name (${defaultIndex + 1}, ${templates[defaultIndex]!.name}): `);
      template = answer === '' ? templates[defaultIndex]!.name : (templates[Number(answer) - 1]?.name ?? templates.find((entry) => entry.name === answer)?.name);
      if (template === undefined) say(`  "${answer}" is not one of them: type a number from 1 to ${templates.length} or a template name`);
    }
    return { folder, template };
  } finally {
    rl.off('close', stop);
    rl.close();
  }
}
