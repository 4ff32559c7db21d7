import { describe, expect, it } from 'vitest';
import { allowedKeysAt, formatKeyPath } from '../../src/config/diagnostics.js';
import { configSchema } from '../../src/config/schema.js';

describe('key paths and allowed keys', () => {
  it('formats key paths the way the YAML reads', () => {
    expect(formatKeyPath(['functions', 'hello', 'triggers', 0, 'http', 'method'])).toBe('functions.hello.triggers[0].http.method');
    expect(formatKeyPath(['functions', 'my fn'])).toBe('functions["my fn"]');
    expect(formatKeyPath([])).toBe('');
  });

  it('finds the allowed keys through records, lists, defaults and transforms', () => {
    expect(allowedKeysAt(configSchema, [])).toEqual(['name', 'functions', 'cache', 'database', 'blockchain', 'dev', 'deploy']);
    expect(allowedKeysAt(configSchema, ['functions', 'anyName'])).toContain('timeout');
    expect(allowedKeysAt(configSchema, ['functions', 'x', 'triggers', 3])).toEqual(['http', 'schedule', 'blockchain']);
    expect(allowedKeysAt(configSchema, ['functions', 'x', 'triggers', 0, 'schedule'])).toEqual(['cron', 'timezone', 'concurrency', 'retry']);
    expect(allowedKeysAt(configSchema, ['functions', 'x', 'scaling'])).toEqual(['minInstances', 'maxInstances', 'targetConcurrency', 'cooldownPeriod']);
    expect(allowedKeysAt(configSchema, ['functions', 'x', 'timeout'])).toBeUndefined();
  });
});
