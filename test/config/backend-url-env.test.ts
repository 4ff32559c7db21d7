// Backend URLs in neosl.yaml may name secrets as ${env.NAME} (a password in a Redis URL): filled in
// from .env and the environment when neosl runs locally, and reported once at their line when unset.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadError } from './load-helpers.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';

const project = () =>
  tempProject({
    ...HELLO_HANDLER,
    'neosl.yaml': [
      'name: my-app',
      'functions:',
      '  hello: {}',
      'cache:',
      '  redis: { url: "${env.REDIS_URL}" }',
      'blockchain:',
      '  rpcUrl: "http://${env.NODE_HOST}:50012"',
      '',
    ].join('\n'),
  });

describe('${env.NAME} in backend URLs', () => {
  it('fills the URLs in from the environment and .env', async () => {
    const dir = project();
    const { config } = await loadConfig({ cwd: dir, env: { REDIS_URL: 'redis://:s3cret@127.0.0.1:6390', NODE_HOST: 'node.local' } });
    expect(config.cache.redis?.url).toBe('redis://:s3cret@127.0.0.1:6390');
    expect(config.blockchain.rpcUrl).toBe('http://node.local:50012');
  });

  it('names each unset variable at its line, once, not also as a bad URL', async () => {
    const error = await loadError({ cwd: project(), env: { NODE_HOST: 'x' } });
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]!.message).toBe('cache.redis.url: ${env.REDIS_URL} is not set');
    expect(error.diagnostics[0]!.location?.line).toBe(5);
  });
});
