import { describe, expect, it } from 'vitest';
import { parseEnvFile, parseEnvSource } from '../../src/config/env-file.js';
import { UserError } from '../../src/errors.js';

describe('.env parsing', () => {
  it('reads plain, quoted, exported and commented lines', () => {
    const source = [
      '# a comment',
      '',
      'PLAIN=hello world  # trailing comment',
      'export EXPORTED=yes',
      'SINGLE=\'keep $HOME and \\n # as is\'',
      'DOUBLE="line1\\nline2 \\"quoted\\""',
      '  SPACED = value ',
      'EMPTY=',
      'HASH=a#b',
      'MULTI="first',
      'second"',
      'URL=postgres://u:p@host/db?x=1',
    ].join('\n');
    expect(parseEnvFile(source, '.env')).toEqual({
      PLAIN: 'hello world',
      EXPORTED: 'yes',
      SINGLE: 'keep $HOME and \\n # as is',
      DOUBLE: 'line1\nline2 "quoted"',
      SPACED: 'value',
      EMPTY: '',
      HASH: 'a#b',
      MULTI: 'first\nsecond',
      URL: 'postgres://u:p@host/db?x=1',
    });
  });

  it('handles CRLF line endings', () => {
    expect(parseEnvFile('A=1\r\nB="2"\r\n', '.env')).toEqual({ A: '1', B: '2' });
  });

  it('names the file and line of every bad line, and keeps the good ones', () => {
    const { values, diagnostics } = parseEnvSource('GOOD=1\nthis is not a pair\n1BAD=x\nQ="unclosed\n', 'app/.env');
    expect(values).toEqual({ GOOD: '1' });
    expect(diagnostics.map((d) => [d.location?.file, d.location?.line])).toEqual([
      ['app/.env', 2],
      ['app/.env', 3],
      ['app/.env', 4],
    ]);
    expect(diagnostics[0]!.message).toContain('expected KEY=value');
    expect(diagnostics[1]!.message).toContain('"1BAD" is not a valid variable name');
    expect(diagnostics[2]!.message).toContain('never closed');
  });

  it('throws one UserError listing the problems', () => {
    let error: unknown;
    try {
      parseEnvFile('A=1\nnope\n', '.env');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('ENV_FILE_INVALID');
    expect((error as UserError).message).toBe('.env has a problem');
    expect((error as UserError).diagnostics[0]!.location).toMatchObject({ file: '.env', line: 2, column: 1 });
  });
});
