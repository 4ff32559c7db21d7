// The project skeleton's placeholders and the generated README's commands.
import { describe, expect, it } from 'vitest';
import { alignShellComments, fillPlaceholders, planSkeletonFiles } from '../../src/scaffold/plan-files.js';

describe('the project skeleton', () => {
  it('fills placeholders, drops a line whose only placeholder is empty, and leaves unknown ones', () => {
    expect(fillPlaceholders('a {{x}} b\n{{row}}\nc ${{ secrets.TOKEN }} {{other}}', { x: '1', row: '' })).toBe('a 1 b\nc ${{ secrets.TOKEN }} {{other}}');
    expect(fillPlaceholders('{{row}}\n', { row: '| r |' })).toBe('| r |\n');
  });

  it('lines up the comments of a sh block in one column', () => {
    const text = 'x\n```sh\nnpm test  # tests\nnpx neosl invoke transactions  # once\n# a comment line\n```\n`a  # b`\n';
    expect(alignShellComments(text)).toBe('x\n```sh\nnpm test                       # tests\nnpx neosl invoke transactions  # once\n# a comment line\n```\n`a  # b`\n');
  });

  it("writes a README whose commands name the project's function, and the vendor/ row only when vendored", () => {
    const files = planSkeletonFiles({ name: 'shop', function: 'orders', vendorRow: '| `vendor/` | neosl |' });
    const readme = files.find((file) => file.path === 'README.md')!.content;
    expect(readme).toMatch(/^# shop$/m);
    expect(readme).toMatch(/^npx neosl invoke orders +# run orders once/m);
    expect(readme).toContain('| `vendor/` | neosl |');
    expect(readme).not.toMatch(/\{\{|<fn>|<template>/);
    const registry = planSkeletonFiles({ name: 'shop', function: 'orders', vendorRow: '' }).find((file) => file.path === 'README.md')!.content;
    expect(registry).not.toContain('vendor/');
    expect(registry).toMatch(/\| `\.github\/workflows\/neosl\.yml` \| .*\|\n\n## Writing functions/);
  });

  it('keeps vendor/ out of the generated .gitignore', () => {
    const gitignore = planSkeletonFiles({ name: 'shop', function: 'orders', vendorRow: '' }).find((file) => file.path === '.gitignore')!.content;
    const patterns = gitignore.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(patterns).toEqual(expect.arrayContaining(['node_modules/', '.neosl/', '.env']));
    expect(patterns.some((pattern) => /vendor|\.tgz|^\*$/.test(pattern))).toBe(false);
  });
});
