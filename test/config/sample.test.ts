// `sample:` in neosl.yaml: a request for a function with http routes, any input for the others.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';
import { loadError, summary } from './load-helpers.js';

function project(functionLines: string[]): string {
  return tempProject({ ...HELLO_HANDLER, 'neosl.yaml': ['name: my-app', 'functions:', '  hello:', ...functionLines.map((line) => `    ${line}`)].join('\n') + '\n' });
}

const ROUTES = ['triggers:', '  - http: { method: GET, path: /items }', '  - http: { method: POST, path: /items/:id }'];

describe('sample', () => {
  it('is the input as written for a function without http routes, whatever its shape', async () => {
    const { config } = await loadConfig({ cwd: project(['sample: { name: neo, tags: [a, b] }']) });
    expect(config.functions.hello!.sample).toEqual({ kind: 'input', input: { name: 'neo', tags: ['a', 'b'] } });
    const scheduled = await loadConfig({ cwd: project(['triggers: [{ schedule: "* * * * *" }]', 'sample: [1, 2]']) });
    expect(scheduled.config.functions.hello!.sample).toEqual({ kind: 'input', input: [1, 2] });
    const explicitDefault = await loadConfig({ cwd: project(['triggers: [{ http: { method: POST, path: /functions/hello } }]', 'sample: 42']) });
    expect(explicitDefault.config.functions.hello!.sample).toEqual({ kind: 'input', input: 42 });
  });

  it('is a request for a function with http routes: method upper-cased, query and header values as text, header names in lower case', async () => {
    const { config } = await loadConfig({
      cwd: project([...ROUTES, 'sample:', '  method: post', '  path: /items/7', '  query: { verbose: true, limit: 5 }', '  headers: { X-Api-Key: test }', '  body: { name: apple }']),
    });
    expect(config.functions.hello!.sample).toEqual({
      kind: 'http',
      request: { method: 'POST', path: '/items/7', query: { verbose: 'true', limit: '5' }, headers: { 'x-api-key': 'test' }, body: { name: 'apple' } },
    });
    const bodyOnly = await loadConfig({ cwd: project([...ROUTES, 'sample: { query: { limit: 1 } }']) });
    expect(bodyOnly.config.functions.hello!.sample).toEqual({ kind: 'http', request: { query: { limit: '1' }, headers: {} } });
  });

  it('reports every problem of a sample request with its line, all at once, with the other problems of the file', async () => {
    const error = await loadError({
      cwd: project([
        ...ROUTES,
        'timeout: forever',
        'sample:',
        '  mehtod: POST',
        '  name: neo',
        '  query: { limit: [1] }',
        '  headers: { "bad header": x }',
        '  path: "/items?limit=5"',
      ]),
    });
    expect(summary(error)).toEqual([
      [7, expect.stringContaining('functions.hello.timeout:'), expect.any(String)],
      [9, 'functions.hello.sample: unknown key "mehtod": a sample request has method, path, query, headers, body', 'did you mean "method"?'],
      [10, 'functions.hello.sample: unknown key "name": a sample request has method, path, query, headers, body', expect.stringContaining('put the request body under "body:"')],
      [11, 'functions.hello.sample.query.limit: expected a string, number or boolean, got a list', undefined],
      [12, expect.stringMatching(/^functions\.hello\.sample\.headers: not a valid HTTP header/), undefined],
      [13, 'functions.hello.sample.path: expected a request path like "/items/1", got "/items?limit=5"', 'put query parameters under "query:"'],
    ]);
    expect(error.diagnostics[1]!.location).toMatchObject({ file: expect.stringMatching(/neosl\.yaml$/), line: 9, column: 7 });
  });

  it('checks the request against the routes: a method or path none serves, a route with parameters and no path', async () => {
    const wrongMethod = await loadError({ cwd: project([...ROUTES, 'sample: { method: DELETE }']) });
    expect(summary(wrongMethod)).toEqual([[7, 'functions.hello.sample.method: DELETE is not a route of this function: its routes are GET /items and POST /items/:id', 'give the method and path of one of them']]);
    const wrongPath = await loadError({ cwd: project([...ROUTES, 'sample: { method: GET, path: /items/7 }']) });
    expect(summary(wrongPath)[0]![1]).toBe('functions.hello.sample.path: GET /items/7 is not a route of this function: its routes are GET /items and POST /items/:id');
    // A body without a method means the first route that takes one: POST /items/:id, which needs the path.
    const needsPath = await loadError({ cwd: project([...ROUTES, 'sample: { body: { name: apple } }']) });
    expect(summary(needsPath)).toEqual([[7, 'functions.hello.sample: the route POST /items/:id has parameters: the sample needs the path to request', 'add path: /items/<id> with real values']]);
  });

  it('says a sample that is not a mapping is not a request, and where the body goes', async () => {
    const error = await loadError({ cwd: project([...ROUTES, 'sample: apple']) });
    expect(summary(error)).toEqual([
      [7, 'functions.hello.sample: a function with http routes (GET /items and POST /items/:id) takes a sample request, a mapping of method, path, query, headers, body; got "apple"', expect.stringContaining('body:')],
    ]);
  });

  it('does not check the sample against triggers that are themselves invalid', async () => {
    const error = await loadError({ cwd: project(['triggers: [{ http: { method: GTE, path: /items } }]', 'sample: { method: GET }']) });
    expect(summary(error).map(([, message]) => message)).toEqual([expect.stringContaining('functions.hello.triggers[0].http.method')]);
  });
});
