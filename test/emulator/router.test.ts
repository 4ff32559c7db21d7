import { describe, expect, it } from 'vitest';
import type { FunctionConfig, TriggerConfig } from '../../src/config/types.js';
import { describeRoutes, Router } from '../../src/emulator/router.js';

const fn = (name: string, triggers: TriggerConfig[]) => ({ name, triggers }) as unknown as FunctionConfig;
const http = (method: 'GET' | 'POST' | 'DELETE', path: string): TriggerConfig => ({ kind: 'http', method, path });

const router = new Router([
  fn('hello', [http('POST', '/functions/hello')]),
  fn('api', [http('GET', '/api/items'), http('POST', '/api/items')]),
  fn('user', [http('GET', '/users/:id'), http('DELETE', '/users/:id')]),
  fn('tick', [{ kind: 'schedule', cron: '* * * * *' }]),
]);

describe('Router', () => {
  it('sends POST /functions/<name> to any function in plain mode', () => {
    expect(router.match('POST', '/functions/hello')).toEqual({ kind: 'match', functionName: 'hello', mode: 'plain' });
    expect(router.match('POST', '/functions/tick')).toEqual({ kind: 'match', functionName: 'tick', mode: 'plain' });
  });

  it('routes http triggers by method and path, with :param segments', () => {
    expect(router.match('GET', '/api/items')).toEqual({ kind: 'match', functionName: 'api', mode: 'http' });
    expect(router.match('POST', '/api/items')).toMatchObject({ functionName: 'api', mode: 'http' });
    expect(router.match('DELETE', '/users/42')).toMatchObject({ functionName: 'user', mode: 'http' });
    expect(router.match('HEAD', '/api/items')).toMatchObject({ functionName: 'api' });
  });

  it('answers method-not-allowed with the allowed methods, unknown-function and not-found', () => {
    expect(router.match('PUT', '/api/items')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    expect(router.match('GET', '/functions/hello')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
    expect(router.match('POST', '/functions/nope')).toEqual({ kind: 'unknown-function', name: 'nope' });
    expect(router.match('GET', '/nowhere')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/users/1/extra')).toEqual({ kind: 'not-found' });
  });

  it('lists routes as people read them', () => {
    expect(describeRoutes(fn('api', [http('GET', '/api/items')]))).toEqual(['GET /api/items']);
    expect(describeRoutes(fn('both', [http('POST', '/functions/both'), http('GET', '/both')]))).toEqual(['POST /functions/both', 'GET /both']);
    expect(describeRoutes(fn('tick', [{ kind: 'schedule', cron: '0 * * * *' }]))).toEqual(['POST /functions/tick', 'schedule 0 * * * *']);
    expect(router.routes()).toContain('DELETE /users/:id');
    expect(router.routes()).not.toContain('schedule * * * * *');
  });
});
