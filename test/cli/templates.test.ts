import { describe, expect, it } from 'vitest';
import { runNeosl } from '../helpers/run-neosl.js';

const expected = ['blockchain', 'cached', 'database', 'hello', 'http-api', 'scheduled'];

describe('neosl templates', () => {
  it('lists every template with a one-line description as JSON', async () => {
    const result = await runNeosl(['templates', '--json']);
    expect(result.exitCode).toBe(0);
    const { templates } = JSON.parse(result.stdout) as { templates: { name: string; description: string; defaultName: string }[] };
    expect(templates.map((template) => template.name)).toEqual(expect.arrayContaining(expected));
    for (const template of templates) {
      expect(template.description.length).toBeGreaterThan(10);
      expect(template.description).not.toContain('\n');
      expect(template.defaultName).toMatch(/^[A-Za-z_$][\w$]*$/);
    }
  });

  it('prints one line per template for people', async () => {
    const result = await runNeosl(['templates']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(expected.length);
    for (const name of expected) expect(lines.some((line) => line.startsWith(name))).toBe(true);
  });
});
