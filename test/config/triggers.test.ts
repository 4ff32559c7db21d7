import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { cronProblem } from '../../src/config/cron.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';
import { loadError, summary } from './load-helpers.js';

const HASH = '0x1234567890abcdef1234567890abcdef12345678';

/** A project whose hello function has these trigger list items (YAML lines, without "- "). */
function withTriggers(items: string[]): string {
  const lines = ['name: my-app', 'functions:', '  hello:', '    triggers:', ...items.map((item) => `      - ${item}`)];
  return tempProject({ ...HELLO_HANDLER, 'neosl.yaml': lines.join('\n') + '\n' });
}

describe('triggers', () => {
  it('normalises every trigger kind', async () => {
    const dir = withTriggers([
      'http: { method: get, path: /hello, concurrency: 5 }',
      'schedule: "*/5 * * * *"',
      'schedule: { cron: "0 9 * * MON-FRI", timezone: Europe/Berlin, retry: { attempts: 2 } }',
      'blockchain: { event: block }',
      // Unquoted: YAML would read 0x… as a hex number; neosl.yaml keeps it a string.
      `blockchain: { contract: ${HASH.toUpperCase().replace('0X', '0x')}, event: Transfer, filters: { to: NX1 } }`,
    ]);
    const { config } = await loadConfig({ cwd: dir });
    expect(config.functions.hello!.triggers).toEqual([
      { kind: 'http', method: 'GET', path: '/hello', concurrency: 5 },
      { kind: 'schedule', cron: '*/5 * * * *' },
      {
        kind: 'schedule',
        cron: '0 9 * * MON-FRI',
        timezone: 'Europe/Berlin',
        retry: { attempts: 2, backoff: 'exponential', initialDelayMs: 1000, maxDelayMs: 30_000 },
      },
      { kind: 'block' },
      { kind: 'contract-event', contract: HASH, event: 'Transfer', filters: { to: 'NX1' } },
    ]);
  });

  it('rejects a bad cron expression, a bad contract hash, two kinds in one item and a method typo, all at once', async () => {
    const dir = withTriggers([
      'schedule: "*/5 * * *"',
      'blockchain: { contract: "0x1234", event: Transfer }',
      'http: { method: POST, path: /a }\n        schedule: "* * * * *"',
      'http: { method: GTE, path: /hello }',
      'htp: { method: GET, path: /hello }',
    ]);
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [
        5,
        'functions.hello.triggers[0].schedule: "*/5 * * *" is not a valid cron expression: a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), this one has 4',
        expect.stringContaining('"*/5 * * * *"'),
      ],
      [
        6,
        'functions.hello.triggers[1].blockchain.contract: expected a contract script hash ("0x" followed by 40 hex digits), got "0x1234"',
        expect.any(String),
      ],
      [
        7,
        'functions.hello.triggers[2]: a trigger has exactly one of "http", "schedule" or "blockchain", this one has "http" and "schedule"',
        'make each its own list item: "- http: …", "- schedule: …"',
      ],
      [
        9,
        'functions.hello.triggers[3].http.method: expected an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS), got "GTE"',
        'did you mean "GET"?',
      ],
      [10, 'unknown key "htp" in functions.hello.triggers[4]', 'did you mean "http"?'],
    ]);
  });

  it('checks how blockchain triggers combine event and contract', async () => {
    const dir = withTriggers([
      'blockchain: { event: Transfer }',
      `blockchain: { contract: "${HASH}", event: block }`,
      'blockchain: { contract: "1234567890abcdef1234567890abcdef12345678", event: Transfer }',
    ]);
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [
        5,
        'functions.hello.triggers[0].blockchain: missing "contract": the "Transfer" event needs the script hash of the contract that emits it',
        'add contract: "0x…", or use event: block to run on every new block',
      ],
      [6, expect.stringMatching(/^functions\.hello\.triggers\[1\]\.blockchain\.event: "block" is not a contract event/), undefined],
      [7, expect.stringMatching(/^functions\.hello\.triggers\[2\]\.blockchain\.contract: expected a contract script hash/), `did you mean "${HASH}"?`],
    ]);
  });

  it('checks http paths, time zones, empty items and items without a kind', async () => {
    const dir = withTriggers(['http: { method: GET, path: hello }', 'schedule: { cron: "0 * * * *", timezone: Mars/Olympus }', '{}', '']);
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [5, 'functions.hello.triggers[0].http.path: must start with "/", got "hello"', 'did you mean "/hello"?'],
      [6, 'functions.hello.triggers[1].schedule.timezone: unknown time zone "Mars/Olympus"', expect.stringContaining('IANA')],
      [7, 'functions.hello.triggers[2]: a trigger needs one of "http", "schedule" or "blockchain"', expect.any(String)],
      [8, 'functions.hello.triggers[3]: expected a mapping (key: value), got nothing', undefined],
    ]);
  });
});

describe('cronProblem', () => {
  it.each(['* * * * *', '*/15 0-6 1,15 JAN-MAR mon', '0 0 12 * * ?', '30 4 1-31/2 * 0,7', '5/10 * * * *'])('accepts %j', (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  it.each([
    ['* * * *', /has 4$/],
    ['* * * * * * *', /has 7$/],
    ['60 * * * *', /minute 60 is out of range 0-59/],
    ['* 24 * * *', /hour 24 is out of range 0-23/],
    ['* * 0 * *', /day of month 0 is out of range 1-31/],
    ['* * * FOO *', /month "FOO" is not a number 1-12 or a name like JAN/],
    ['* * * * */0', /step "\/0" must be a positive number/],
    ['* * * * 1--2', /malformed/],
    ['every minute', /has 2$/],
  ])('rejects %j', (expression, problem) => {
    expect(cronProblem(expression)).toMatch(problem);
  });
});
