// POST /functions/<name> of a function that only takes HTTP requests: a 405 that names its routes,
// rather than a plain body handed to a NeoHttpFunction.
import { describe, expect, it } from 'vitest';
import type { FunctionConfig, TriggerConfig } from '../../src/config/types.js';
import { servedAtRoutes } from '../../src/emulator/errors.js';
import { Router } from '../../src/emulator/router.js';

const fn = (name: string, triggers: TriggerConfig[]) => ({ name, triggers }) as unknown as FunctionConfig;
const http = (method: 'GET' | 'POST', path: string): TriggerConfig => ({ kind: 'http', method, path });

const router = new Router([
  fn('items', [http('GET', '/items'), http('POST', '/items')]),
  fn('both', [http('POST', '/functions/both'), http('GET', '/both')]),
  fn('mixed', [http('GET', '/mixed'), { kind: 'schedule', cron: '* * * * *' }]),
  fn('plain', [http('POST', '/functions/plain')]),
]);

describe('POST /functions/<name> of an http function', () => {
  it('is refused with the routes of a function whose only triggers are its own routes, whatever the method', () => {
    expect(router.match('POST', '/functions/items')).toEqual({ kind: 'served-at-routes', name: 'items', routes: ['GET /items', 'POST /items'] });
    expect(router.match('GET', '/functions/items')).toMatchObject({ kind: 'served-at-routes' });
    expect(router.match('GET', '/items')).toMatchObject({ kind: 'match', functionName: 'items', mode: 'http' });
  });

  it('still serves functions that also take plain input: the default route declared, or event triggers', () => {
    expect(router.match('POST', '/functions/both')).toMatchObject({ kind: 'match', mode: 'plain' });
    expect(router.match('POST', '/functions/mixed')).toMatchObject({ kind: 'match', mode: 'plain' });
    expect(router.match('POST', '/functions/plain')).toMatchObject({ kind: 'match', mode: 'plain' });
  });

  it('answers 405 METHOD_NOT_ALLOWED naming the routes and the way to run it once', () => {
    const answer = servedAtRoutes('items', 'POST', '/functions/items', ['GET /items', 'POST /items']);
    expect(answer).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', details: { function: 'items', routes: ['GET /items', 'POST /items'] } });
    expect(answer.message).toBe('items is served at GET /items and POST /items, not at POST /functions/items: send the request to one of its routes, or run it once with "neosl invoke items"');
  });
});
