// Packing neosl into a project without npm: the same files as `npm pack`, a tarball that tar (and npm)
// reads, the same bytes for the same files, and no `prepare` script left to approve or run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFiles } from '../../src/scaffold/package-files.js';
import { packIntoProject, tarballName } from '../../src/scaffold/pack-neosl.js';
import { gzippedTar } from '../../src/scaffold/tarball.js';
import { repoRoot } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };

function untar(tarball: string): string {
  const dir = makeTempDir('neosl-untar-');
  const result = spawnSync('tar', ['xzf', tarball, '-C', dir], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return dir;
}

describe('packing neosl into a project', () => {
  it('lists the files npm pack would pack', () => {
    const npm = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    expect(npm.status, npm.stderr).toBe(0);
    const npmFiles = (JSON.parse(npm.stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path).sort();
    expect(packageFiles(repoRoot, manifest).sort()).toEqual(npmFiles);
  }, 60_000);

  it('writes vendor/neosl-<version>.tgz with the package files, bin executable, package.json without prepare', () => {
    const project = makeTempDir();
    const packed = packIntoProject(project, repoRoot);
    expect(packed).toMatchObject({ file: `vendor/neosl-${manifest.version}.tgz`, spec: `file:vendor/neosl-${manifest.version}.tgz`, version: manifest.version });
    expect(readdirSync(join(project, 'vendor'))).toEqual([`neosl-${manifest.version}.tgz`]);
    console.log(`packed ${packed.bytes} bytes in ${packed.milliseconds} ms`);

    const unpacked = join(untar(join(project, packed.file)), 'package');
    for (const file of packageFiles(repoRoot, manifest).filter((path) => path !== 'package.json')) {
      expect(readFileSync(join(unpacked, file)).equals(readFileSync(join(repoRoot, file))), file).toBe(true);
    }
    expect(statSync(join(unpacked, 'bin/neosl.js')).mode & 0o111).not.toBe(0);
    const published = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string>; exports: unknown };
    expect(published.name).toBe('neosl');
    expect(published.scripts?.prepare).toBeUndefined();
    expect(published.exports).toEqual((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: unknown }).exports);
  });

  it('gives the same bytes for the same files, so a re-pack leaves the lockfile integrity alone', () => {
    const a = makeTempDir();
    const b = makeTempDir();
    packIntoProject(a, repoRoot);
    packIntoProject(b, repoRoot);
    const name = tarballName(manifest.name, manifest.version);
    expect(readFileSync(join(a, 'vendor', name)).equals(readFileSync(join(b, 'vendor', name)))).toBe(true);
  });

  it('holds paths longer than ustar allows', () => {
    const deep = `${'d'.repeat(120)}/${'e'.repeat(120)}/${'f'.repeat(110)}.txt`;
    const file = join(makeTempDir(), 'long.tgz');
    writeFileSync(file, gzippedTar([{ path: deep, content: Buffer.from('deep'), executable: false }, { path: 'a/b.txt', content: Buffer.from('short'), executable: false }]));
    const dir = untar(file);
    expect(readFileSync(join(dir, 'package', deep), 'utf8')).toBe('deep');
    expect(readFileSync(join(dir, 'package', 'a/b.txt'), 'utf8')).toBe('short');
  });

  it('refuses a layout it does not model, naming the file, instead of packing it differently from npm', () => {
    const root = makeTempDir();
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.js'), '');
    writeFileSync(join(root, 'dist', '.npmignore'), '*.map');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'neosl', version: '1.0.0', files: ['dist'] }));
    expect(() => packIntoProject(makeTempDir(), root)).toThrow(expect.objectContaining({ code: 'PACK_FAILED', message: expect.stringContaining(join(root, 'dist', '.npmignore')) }));
  });
});
