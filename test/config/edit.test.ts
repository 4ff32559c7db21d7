import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFunctionToConfig } from '../../src/config/edit.js';
import { loadConfig } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';

const ORIGINAL = [
  '# My project, with comments that must survive',
  'name: my-app',
  'functions:',
  '  hello:',
  '    timeout: 30s                           # 504 past it',
  '    environment: { GREETING: hi }          # plus .env',
  '    triggers:                              # default: POST /functions/hello',
  '      - http: { method: GET, path: /hello }',
  '',
  '# Backends',
  'cache:    { redis: { url: "redis://127.0.0.1:6379" } }   # absent: the in-process fake',
  '',
].join('\n');

const ENTRY = {
  handler: 'functions/goodbye/index.ts',
  environment: { GREETING: 'Bye' },
  triggers: [{ http: { method: 'GET', path: '/goodbye' } }],
};

describe('addFunctionToConfig', () => {
  it('adds the function and leaves every other line, comment and alignment as it was', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'functions/goodbye/index.ts': 'export default 1;\n', 'neosl.yaml': ORIGINAL });
    const file = join(dir, 'neosl.yaml');
    await addFunctionToConfig(file, 'goodbye', ENTRY);

    const text = readFileSync(file, 'utf8');
    const originalLines = ORIGINAL.split('\n');
    expect(text.split('\n').slice(0, 8)).toEqual(originalLines.slice(0, 8));
    expect(text).toContain(
      [
        '  goodbye:',
        '    handler: functions/goodbye/index.ts',
        '    environment:',
        '      GREETING: Bye',
        '    triggers:',
        '      - http:',
        '          method: GET',
        '          path: /goodbye',
        '',
        '# Backends',
        'cache:    { redis: { url: "redis://127.0.0.1:6379" } }   # absent: the in-process fake',
      ].join('\n'),
    );

    const { config } = await loadConfig({ cwd: dir });
    expect(Object.keys(config.functions)).toEqual(['hello', 'goodbye']);
    expect(config.functions.goodbye!.triggers).toEqual([{ kind: 'http', method: 'GET', path: '/goodbye' }]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a function that already exists and leaves the file untouched', async () => {
    const dir = tempProject({ 'neosl.yaml': ORIGINAL });
    const file = join(dir, 'neosl.yaml');
    const error = await addFunctionToConfig(file, 'hello', ENTRY).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('FUNCTION_EXISTS');
    expect((error as UserError).message).toContain('function "hello" already exists');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it.each([
    ['no functions key', 'name: my-app  # keep\n', 'name: my-app  # keep\nfunctions:\n  fresh:\n    timeout: 5s\n'],
    ['an empty functions key', 'name: my-app\nfunctions:  # none yet\ndev: {}\n', 'name: my-app\nfunctions:  # none yet\n  fresh:\n    timeout: 5s\ndev: {}\n'],
    ['an empty flow mapping', 'name: my-app\nfunctions: {}\n', 'name: my-app\nfunctions:\n  fresh:\n    timeout: 5s\n'],
    ['four-space indentation', 'name: my-app\nfunctions:\n    a:\n        timeout: 1s', 'name: my-app\nfunctions:\n    a:\n        timeout: 1s\n    fresh:\n        timeout: 5s\n'],
    ['CRLF line endings', 'name: my-app\r\nfunctions:\r\n  a: {}\r\n', 'name: my-app\r\nfunctions:\r\n  a: {}\r\n  fresh:\r\n    timeout: 5s\r\n'],
  ])('works with %s', async (_, before, after) => {
    const dir = tempProject({ 'neosl.yaml': before });
    await addFunctionToConfig(join(dir, 'neosl.yaml'), 'fresh', { timeout: '5s' });
    expect(readFileSync(join(dir, 'neosl.yaml'), 'utf8')).toBe(after);
  });

  it('quotes strings that other YAML readers would take for numbers', async () => {
    const dir = tempProject({ 'neosl.yaml': 'name: my-app\n' });
    const contract = '0x1234567890abcdef1234567890abcdef12345678';
    await addFunctionToConfig(join(dir, 'neosl.yaml'), 'onTransfer', { triggers: [{ blockchain: { contract, event: 'Transfer' } }] });
    expect(readFileSync(join(dir, 'neosl.yaml'), 'utf8')).toContain(`contract: "${contract}"`);
  });
});
