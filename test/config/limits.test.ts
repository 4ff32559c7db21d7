// Limits a config can break at run time: durations past what the platform or a timer allows, and
// handler files outside the project (built and deployed from the project only).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';
import { loadError, summary } from './load-helpers.js';

const withFunction = (...lines: string[]) => ['name: my-app', 'functions:', '  hello:', ...lines.map((line) => `    ${line}`), ''].join('\n');

describe('loadConfig: duration limits', () => {
  it('rejects a timeout over 15 minutes at its value, with the key path and line', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': withFunction('memory: 256', 'timeout: 25d') });
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(summary(error)).toEqual([
      [
        5,
        'functions.hello.timeout: must be at most 15m (the platform limit for one invocation), got "25d"',
        'split longer work into steps, e.g. a schedule trigger that processes one batch per run',
      ],
    ]);
    expect(error.diagnostics[0]!.location).toMatchObject({ file: join(dir, 'neosl.yaml'), line: 5, column: 14, length: 3 });
  });

  it('says a bare number is in seconds when one is over the limit (milliseconds written for seconds)', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': withFunction('timeout: 30000') });
    expect(summary(await loadError({ cwd: dir }))).toEqual([
      [4, 'functions.hello.timeout: must be at most 15m (the platform limit for one invocation), got 30000', 'a bare number is in seconds'],
    ]);
  });

  it('accepts exactly 15 minutes', async () => {
    for (const timeout of ['15m', '900s', '900']) {
      const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': withFunction(`timeout: ${timeout}`) });
      expect((await loadConfig({ cwd: dir })).config.functions.hello!.timeoutMs).toBe(900_000);
    }
  });

  it('rejects timer delays a timer cannot hold: cooldownPeriod, retry delays (function and trigger)', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': withFunction(
        'scaling: { cooldownPeriod: 30d }',
        'retry: { attempts: 2, maxDelay: 25d }',
        'triggers:',
        '  - schedule: { cron: "* * * * *", retry: { attempts: 1, initialDelay: 100d, maxDelay: 100d } }',
      ),
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [4, 'functions.hello.scaling.cooldownPeriod: must be at most 24d (the longest wait a timer can hold), got "30d"', undefined],
      [5, 'functions.hello.retry.maxDelay: must be at most 24d (the longest wait a timer can hold), got "25d"', undefined],
      [7, 'functions.hello.triggers[0].schedule.retry.initialDelay: must be at most 24d (the longest wait a timer can hold), got "100d"', undefined],
      [7, 'functions.hello.triggers[0].schedule.retry.maxDelay: must be at most 24d (the longest wait a timer can hold), got "100d"', undefined],
    ]);
  });
});

describe('loadConfig: handlers outside the project', () => {
  const hint = 'move the file into the project (next to neosl.yaml or below it): only the project is built and deployed';

  it('refuses a relative path that leaves the project, and an absolute path elsewhere', async () => {
    const outside = tempProject({ 'shared.ts': 'export default () => 1;\n' });
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': [
        'name: my-app',
        'functions:',
        '  up:',
        '    handler: ../shared.ts',
        '  absolute:',
        `    handler: ${join(outside, 'shared.ts')}#default`,
        '  sneaky:',
        '    handler: functions/../../shared.ts',
        '',
      ].join('\n'),
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [4, `functions.up.handler: "../shared.ts" is outside the project folder ${dir}`, hint],
      [6, `functions.absolute.handler: "${join(outside, 'shared.ts')}" is outside the project folder ${dir}`, hint],
      [8, `functions.sneaky.handler: "functions/../../shared.ts" is outside the project folder ${dir}`, hint],
    ]);
  });

  it('refuses a handler that is a symbolic link to a file outside the project, default path included', async () => {
    const outside = tempProject({ 'real.ts': 'export default () => 1;\n' });
    const dir = tempProject({ 'neosl.yaml': 'name: my-app\nfunctions:\n  linked:\n    handler: functions/linked.ts\n  hello: {}\n' });
    mkdirSync(join(dir, 'functions', 'hello'), { recursive: true });
    symlinkSync(join(outside, 'real.ts'), join(dir, 'functions', 'linked.ts'));
    symlinkSync(join(outside, 'real.ts'), join(dir, 'functions', 'hello', 'index.ts'));
    const error = await loadError({ cwd: dir });
    const real = join(outside, 'real.ts');
    expect(summary(error)).toEqual([
      [4, expect.stringMatching(/^functions\.linked\.handler: "functions\/linked\.ts" is a link to .*real\.ts, outside the project folder /), hint],
      [5, expect.stringMatching(/^functions\.hello: handler file "functions\/hello\/index\.ts" is a link to .*real\.ts, outside the project folder .* \(the default\)$/), hint],
    ]);
    expect(error.diagnostics[0]!.message).toContain(real.split('/').slice(-2).join('/'));
  });

  it('accepts an absolute path inside the project, and a link that stays inside it', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': '' });
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'impl.ts'), 'export default () => 2;\n');
    symlinkSync(join(dir, 'lib', 'impl.ts'), join(dir, 'functions', 'alias.ts'));
    writeFileSync(
      join(dir, 'neosl.yaml'),
      `name: my-app\nfunctions:\n  hello:\n    handler: ${join(dir, 'functions/hello/index.ts')}\n  alias:\n    handler: functions/alias.ts\n`,
    );
    const { config } = await loadConfig({ cwd: dir });
    expect(config.functions.hello!.handler.file).toBe(join(dir, 'functions/hello/index.ts'));
    expect(config.functions.alias!.handler.file).toBe(join(dir, 'functions/alias.ts'));
  });
});
