// The questions of an interactive `neosl init`, driven through fake streams.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptInitChoices, type InitPromptOptions } from '../../src/scaffold/init-prompts.js';

const templates = [
  { name: 'cached', description: 'Caching in front of a slow source' },
  { name: 'hello', description: 'A minimal function' },
  { name: 'http-api', description: 'An HTTP API' },
];

function session(options: Partial<InitPromptOptions> = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const choices = promptInitChoices(
    { input, output, terminal: false },
    { templates, defaultFolder: 'my-app', defaultTemplate: 'hello', folderProblem: () => undefined, ...options },
  );
  const waitFor = async (expected: string) => {
    for (let i = 0; i < 200 && !text.includes(expected); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(text).toContain(expected);
  };
  return { input, choices, waitFor, text: () => text };
}

describe('interactive neosl init', () => {
  it('takes the defaults on Enter: my-app and the hello template', async () => {
    const { input, choices, waitFor, text } = session();
    await waitFor('? Project folder (my-app): ');
    input.write('\n');
    await waitFor('(2, hello): ');
    input.write('\n');
    await expect(choices).resolves.toEqual({ folder: 'my-app', template: 'hello' });
    expect(text()).toContain('  1) cached    Caching in front of a slow source');
    expect(text()).toContain('  3) http-api  An HTTP API');
  });

  it('takes a folder and a template by number or by name, also typed ahead', async () => {
    const byNumber = session();
    byNumber.input.write('shop\n3\n');
    await expect(byNumber.choices).resolves.toEqual({ folder: 'shop', template: 'http-api' });
    const byName = session();
    byName.input.write('  My App \ncached\n');
    await expect(byName.choices).resolves.toEqual({ folder: 'My App', template: 'cached' });
  });

  it('asks again for an unknown template, saying what to type', async () => {
    const { input, choices, text } = session();
    input.write('x\n9\nhelo\n1\n');
    await expect(choices).resolves.toEqual({ folder: 'x', template: 'cached' });
    expect(text()).toContain('"9" is not one of them: type a number from 1 to 3 or a template name');
    expect(text()).toContain('"helo" is not one of them');
  });

  it('asks again for a folder that is taken, offering a free one as the default', async () => {
    const taken = new Set(['my-app', 'my-app-2']);
    const { input, choices, waitFor, text } = session({
      folderProblem: (folder) => (taken.has(folder) ? { problem: `${folder} is not empty`, suggestion: folder === 'my-app' ? 'my-app-2' : 'my-app-3' } : undefined),
    });
    input.write('\n');
    await waitFor('? Project folder (my-app-2): ');
    input.write('\n');
    await waitFor('? Project folder (my-app-3): ');
    input.write('\n\n');
    await expect(choices).resolves.toEqual({ folder: 'my-app-3', template: 'hello' });
    expect(text()).toContain('my-app is not empty; choose another folder');
  });

  it('is cancelled, with nothing chosen, when the input ends (Ctrl-D) mid-way', async () => {
    const { input, choices } = session();
    input.write('shop\n');
    input.end();
    await expect(choices).rejects.toMatchObject({ code: 'INIT_CANCELLED', message: expect.stringContaining('nothing was written') });
  });
});
