// The cluster recipe's nginx configuration (examples/cluster/render-nginx-conf.sh): accepted by the
// installed nginx (`nginx -t`, nothing of /etc/nginx read), every replica in the upstream, a
// replica that fails skipped for the next one, keepalive to the replicas, all files under its folder.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const render = fileURLToPath(new URL('../../examples/cluster/render-nginx-conf.sh', import.meta.url));
const nginx = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nginx'))].find((file) => spawnSync(file, ['-v']).status === 0);
const suite = nginx ? describe : describe.skip;

afterAll(() => removeTempDirs());

suite(`cluster recipe: nginx configuration${nginx ? '' : ' (skipped: nginx is not installed; apt-get install nginx)'}`, () => {
  it('is accepted by nginx -t, names the three replicas, skips a failing one, keeps connections alive', () => {
    const dir = makeTempDir('neosl-nginx-');
    const rendered = spawnSync(render, [dir, '18080', '18081', '18082', '18083'], { encoding: 'utf8' });
    expect(rendered.status, rendered.stderr).toBe(0);
    const conf = rendered.stdout.trim();
    expect(conf).toBe(join(dir, 'nginx.conf'));
    const checked = spawnSync(nginx!, ['-t', '-c', conf, '-p', `${dir}/`], { encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toContain('test is successful');

    const text = readFileSync(conf, 'utf8');
    expect(text.match(/^\s*server 127\.0\.0\.1:\d+/gm)).toEqual(['    server 127.0.0.1:18081', '    server 127.0.0.1:18082', '    server 127.0.0.1:18083']);
    expect(text).toContain('listen 127.0.0.1:18080;');
    expect(text).toContain('proxy_next_upstream error timeout http_502 http_503;');
    expect(text).toMatch(/keepalive \d+;/);
    // Every path nginx writes is under the folder.
    for (const [, path] of text.matchAll(/^\s*(?:pid|error_log|\w+_temp_path) (\S+?)[ ;]/gm)) expect(path!.startsWith(dir)).toBe(true);
  });

  it('refuses a port that is not a number, naming it', () => {
    const dir = makeTempDir('neosl-nginx-');
    const rendered = spawnSync(render, [dir, '18080', '80a1'], { encoding: 'utf8' });
    expect(rendered.status).toBe(2);
    expect(rendered.stderr).toContain('"80a1" is not a port number');
  });
});
