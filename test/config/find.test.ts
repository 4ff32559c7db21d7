import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile } from '../../src/config/find.js';
import { tempProject } from './temp-project.js';

describe('findConfigFile', () => {
  it('walks up from a nested folder to the nearest neosl.yaml', () => {
    const dir = tempProject({ 'neosl.yaml': 'name: outer\n', 'apps/inner/neosl.yaml': 'name: inner\n' });
    const deep = join(dir, 'apps', 'inner', 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(dir, 'other', 'x'), { recursive: true });

    expect(findConfigFile(deep)).toBe(join(dir, 'apps', 'inner', 'neosl.yaml'));
    expect(findConfigFile(join(dir, 'other', 'x'))).toBe(join(dir, 'neosl.yaml'));
    expect(findConfigFile(dir)).toBe(join(dir, 'neosl.yaml'));
  });

  it('accepts neosl.yml, and prefers neosl.yaml when both exist', () => {
    const yml = tempProject({ 'neosl.yml': 'name: a\n' });
    expect(findConfigFile(yml)).toBe(join(yml, 'neosl.yml'));
    const both = tempProject({ 'neosl.yml': 'name: a\n', 'neosl.yaml': 'name: a\n' });
    expect(findConfigFile(both)).toBe(join(both, 'neosl.yaml'));
  });

  it('ignores a folder named neosl.yaml and returns undefined when there is none', () => {
    const dir = tempProject();
    mkdirSync(join(dir, 'neosl.yaml'));
    expect(findConfigFile(dir)).toBeUndefined();
  });
});
