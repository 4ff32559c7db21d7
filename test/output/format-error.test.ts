// The one error style: "Did you mean …?" opens a hint the same way wherever the hint comes from
// (neosl.yaml checks, the bundler, commander), for a person and in --json.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { errorToJson, formatUserError, hintSentence } from '../../src/output/format-error.js';
import { createColors } from '../../src/output/colors.js';
import { loadConfig } from '../../src/config/load.js';
import { tempProject } from '../config/temp-project.js';
import { runNeosl } from '../helpers/run-neosl.js';

const plain = createColors(false);

describe('hints', () => {
  it('open a "did you mean" as a sentence, and leave one inside a message alone', () => {
    expect(hintSentence('did you mean "timeout"?')).toBe('Did you mean "timeout"?');
    expect(hintSentence('Did you mean "init"? Run "neosl --help" for usage.')).toBe('Did you mean "init"? Run "neosl --help" for usage.');
    const error = new UserError('unknown operator "$gtt"; did you mean "$gt"?', { hint: 'did you mean "cached"? The templates are: hello, cached', diagnostics: [{ message: 'unknown key "timout"', hint: 'did you mean "timeout"?' }] });
    const printed = formatUserError(error, plain);
    expect(printed).toContain('unknown operator "$gtt"; did you mean "$gt"?');
    expect(printed).toContain('hint: Did you mean "timeout"?');
    expect(printed).toContain('hint: Did you mean "cached"? The templates are');
    expect(printed).not.toMatch(/hint: did you mean/);
    const json = errorToJson(error).error as { hint: string; diagnostics: { hint: string }[] };
    expect(json.hint).toMatch(/^Did you mean "cached"\?/);
    expect(json.diagnostics[0]!.hint).toBe('Did you mean "timeout"?');
  });

  it('read the same for a neosl.yaml typo and a command typo', async () => {
    const dir = tempProject({
      'neosl.yaml': 'name: app\nfunctions:\n  hello:\n    handler: functions/hello/index.ts\n    timout: 30s\n',
      'functions/hello/index.ts': 'export default async () => "hi";\n',
    });
    const config = await loadConfig({ cwd: dir }).then(() => undefined, (error: unknown) => error as UserError);
    expect(formatUserError(config!, plain)).toContain('hint: Did you mean "timeout"?');
    const command = await runNeosl(['initt']);
    expect(command.stderr).toContain('hint: Did you mean "init"?');
  });
});
