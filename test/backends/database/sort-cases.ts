// Sort cases from MongoDB's manual ("Comparison/Sort Order", cursor.sort()), shared by the SQLite
// suite (sort-order.test.ts, through the SDK) and the PostgreSQL one (sort-postgres.test.ts): the same
// documents, the same sort specs, the same expected order of _ids. Every sort ends in a key that
// breaks all ties (MongoDB returns tied documents in any order).
//
// BSON order across types: null = missing < numbers < strings < objects < arrays < booleans; an
// array sorts by its smallest element ascending, its largest descending; an empty array below null.

export interface SortCase {
  name: string;
  documents: Record<string, unknown>[];
  sort: Record<string, 1 | -1>;
  /** The _ids in the order MongoDB returns them. */
  expected: string[];
}

const mixedTypes = [
  { _id: 'bool-true', v: true },
  { _id: 'string-b', v: 'b' },
  { _id: 'array', v: [[7]] }, // its only element is an array: it sorts in the array bracket
  { _id: 'number-10', v: 10 },
  { _id: 'object', v: { x: 1 } },
  { _id: 'null', v: null },
  { _id: 'bool-false', v: false },
  { _id: 'number-2.5', v: 2.5 },
  { _id: 'missing' },
  { _id: 'string-10', v: '10' },
  { _id: 'number-neg', v: -3 },
  { _id: 'string-B', v: 'B' },
];
const mixedAscending = ['null', 'missing', 'number-neg', 'number-2.5', 'number-10', 'string-10', 'string-B', 'string-b', 'object', 'array', 'bool-false', 'bool-true'];

const withoutArrays = mixedTypes.filter((document) => document._id !== 'array');
const withoutArraysAscending = mixedAscending.filter((id) => id !== 'array');

export const sortCases: SortCase[] = [
  // ---- across types ----
  {
    name: 'ascending across types: null/missing < numbers < strings < objects < arrays < booleans',
    documents: mixedTypes,
    sort: { v: 1, _id: -1 }, // null and missing tie; _id breaks it
    expected: mixedAscending,
  },
  {
    name: 'descending across types is the exact reverse',
    documents: mixedTypes,
    sort: { v: -1, _id: 1 },
    expected: [...mixedAscending].reverse(),
  },
  {
    name: 'across types without any array (the type bracket alone)',
    documents: withoutArrays,
    sort: { v: 1, _id: -1 },
    expected: withoutArraysAscending,
  },
  {
    name: 'booleans are not 1/0 and strings are not numbers',
    documents: [{ _id: 't', v: true }, { _id: 'two', v: 2 }, { _id: 'f', v: false }, { _id: 'zero', v: 0 }, { _id: 's1', v: '1' }, { _id: 'one', v: 1 }],
    sort: { v: 1 },
    expected: ['zero', 'one', 'two', 's1', 'f', 't'],
  },
  {
    name: 'numbers and strings only: numbers first, descending strings first',
    documents: [{ _id: 'a', v: 'x' }, { _id: 'b', v: 3 }, { _id: 'c', v: '3' }, { _id: 'd', v: 20 }],
    sort: { v: -1 },
    expected: ['a', 'c', 'd', 'b'],
  },
  {
    name: 'objects and booleans: booleans above objects',
    documents: [{ _id: 'obj', v: { a: 1 } }, { _id: 'bool', v: false }, { _id: 'num', v: 1 }],
    sort: { v: 1 },
    expected: ['num', 'obj', 'bool'],
  },
  {
    name: 'null and missing sort together; the next key breaks the tie (ascending)',
    documents: [{ _id: 'a', v: 1 }, { _id: 'b' }, { _id: 'c', v: null }, { _id: 'd' }],
    sort: { v: 1, _id: -1 },
    expected: ['d', 'c', 'b', 'a'],
  },
  {
    name: 'null and missing sort together; the next key breaks the tie (descending)',
    documents: [{ _id: 'a', v: 1 }, { _id: 'b' }, { _id: 'c', v: null }, { _id: 'd' }],
    sort: { v: -1, _id: 1 },
    expected: ['a', 'b', 'c', 'd'],
  },
  {
    name: 'a field missing from some documents sorts first ascending and last descending',
    documents: [{ _id: 'a', n: 2 }, { _id: 'b' }, { _id: 'c', n: 1 }],
    sort: { n: -1 },
    expected: ['a', 'c', 'b'],
  },
  {
    name: 'integers and floats compare numerically',
    documents: [{ _id: 'a', n: 10 }, { _id: 'b', n: 9.5 }, { _id: 'c', n: 100 }, { _id: 'd', n: -0.5 }],
    sort: { n: 1 },
    expected: ['d', 'b', 'a', 'c'],
  },
  {
    name: 'strings compare by binary (UTF-8 byte) order',
    documents: [{ _id: 'a', s: 'é' }, { _id: 'b', s: 'z' }, { _id: 'c', s: 'Z' }, { _id: 'd', s: 'a' }],
    sort: { s: 1 },
    expected: ['c', 'd', 'b', 'a'], // 'Z' < 'a' < 'z' < 'é'
  },
  {
    name: 'Dates are stored as ISO strings: chronological among themselves',
    documents: [{ _id: 'late', at: new Date('2024-06-01T00:00:00Z') }, { _id: 'early', at: new Date('2023-01-01T00:00:00Z') }],
    sort: { at: 1 },
    expected: ['early', 'late'],
  },
  {
    name: 'a nested field across types (an empty parent object means missing)',
    documents: [{ _id: 'a', meta: { fee: true } }, { _id: 'b', meta: { fee: 3 } }, { _id: 'c', meta: {} }, { _id: 'd', meta: { fee: 'x' } }],
    sort: { 'meta.fee': 1 },
    expected: ['c', 'b', 'd', 'a'],
  },
  // ---- arrays ----
  {
    name: 'an array sorts by its smallest element ascending',
    documents: [{ _id: 'wide', v: [1, 9] }, { _id: 'mid', v: [5, 4] }, { _id: 'scalar', v: 3 }],
    sort: { v: 1 },
    expected: ['wide', 'scalar', 'mid'], // 1 < 3 < 4
  },
  {
    name: 'an array sorts by its largest element descending',
    documents: [{ _id: 'wide', v: [1, 9] }, { _id: 'mid', v: [5, 4] }, { _id: 'scalar', v: 3 }],
    sort: { v: -1 },
    expected: ['wide', 'mid', 'scalar'], // 9 > 5 > 3
  },
  {
    name: 'a one-element array compares as its element: [1] before 2',
    documents: [{ _id: 'two', v: 2 }, { _id: 'one', v: [1] }],
    sort: { v: 1 },
    expected: ['one', 'two'],
  },
  {
    name: 'an empty array sorts below null and missing (ascending)',
    documents: [{ _id: 'empty', v: [] }, { _id: 'null', v: null }, { _id: 'missing' }, { _id: 'n', v: 0 }],
    sort: { v: 1, _id: 1 },
    expected: ['empty', 'missing', 'null', 'n'],
  },
  {
    name: 'an empty array sorts below null and missing (descending: last)',
    documents: [{ _id: 'empty', v: [] }, { _id: 'null', v: null }, { _id: 'missing' }, { _id: 'n', v: 0 }],
    sort: { v: -1, _id: 1 },
    expected: ['n', 'missing', 'null', 'empty'],
  },
  {
    name: 'array elements compare by type first: [2, {x:1}] vs [{x:3}, 1] ascending',
    documents: [{ _id: 'first', a: [2, { x: 1 }] }, { _id: 'second', a: [{ x: 3 }, 1] }],
    sort: { a: 1 },
    expected: ['second', 'first'], // smallest elements: 1 < 2
  },
  {
    name: 'array elements compare by type first: [2, {x:1}] vs [{x:3}, 1] descending',
    documents: [{ _id: 'first', a: [2, { x: 1 }] }, { _id: 'second', a: [{ x: 3 }, 1] }],
    sort: { a: -1 },
    expected: ['second', 'first'], // largest elements: {x:3} > {x:1} (objects, above the numbers)
  },
  {
    name: 'mixed-type arrays ascending: by the smallest element across brackets',
    documents: [{ _id: 'num-bool', v: [true, 50] }, { _id: 'str', v: ['a'] }, { _id: 'null-str', v: [null, 'z'] }, { _id: 'num', v: 7 }],
    sort: { v: 1 },
    expected: ['null-str', 'num', 'num-bool', 'str'], // null, 7, 50, 'a'
  },
  {
    name: 'mixed-type arrays descending: by the largest element across brackets',
    documents: [{ _id: 'num-bool', v: [true, 50] }, { _id: 'str', v: ['a'] }, { _id: 'null-str', v: [null, 'z'] }, { _id: 'num', v: 7 }],
    sort: { v: -1 },
    expected: ['num-bool', 'null-str', 'str', 'num'], // true, 'z', 'a', 7
  },
  {
    name: 'arrays of strings: smallest ascending, largest descending, then the next key',
    documents: [{ _id: 'a', tags: ['red', 'blue'] }, { _id: 'b', tags: ['green'] }, { _id: 'c', tags: ['blue', 'yellow'] }, { _id: 'd', tags: 'pink' }],
    sort: { tags: 1, _id: -1 },
    expected: ['c', 'a', 'b', 'd'], // blue (c, a: tie → _id desc), green, pink
  },
  {
    name: 'a dotted path through an array of documents sorts by the elements\' fields',
    documents: [
      { _id: 'a', items: [{ k: 3 }, { k: 1 }] },
      { _id: 'b', items: { k: 2 } },
      { _id: 'c', items: [{ k: [0, 9] }] },
      { _id: 'd', items: [{ k: 5 }, { other: 1 }] }, // an element without k counts as null
      { _id: 'e' },
    ],
    sort: { 'items.k': 1, _id: 1 },
    expected: ['d', 'e', 'c', 'a', 'b'],
  },
  {
    name: 'a dotted path through an array of documents, descending',
    documents: [
      { _id: 'a', items: [{ k: 3 }, { k: 1 }] },
      { _id: 'b', items: { k: 2 } },
      { _id: 'c', items: [{ k: [0, 9] }] },
      { _id: 'd', items: [{ k: 5 }, { other: 1 }] },
      { _id: 'e' },
    ],
    sort: { 'items.k': -1, _id: 1 },
    expected: ['c', 'd', 'a', 'b', 'e'],
  },
  {
    name: 'a digits-only segment is an object key when no array was stored ({ byBlock: { 100: … } })',
    documents: [{ _id: 'a', byBlock: { 100: 7, 200: 1 } }, { _id: 'b', byBlock: { 100: 2 } }, { _id: 'c', byBlock: { 200: 9 } }],
    sort: { 'byBlock.100': -1 },
    expected: ['a', 'b', 'c'],
  },
  {
    name: 'a digits-only segment is a position in an array and a key in an object',
    documents: [{ _id: 'arr', a: [5, 1] }, { _id: 'obj', a: { 0: 3 } }, { _id: 'scalar', a: 2 }, { _id: 'short', a: [] }],
    sort: { 'a.0': 1, _id: 1 },
    expected: ['scalar', 'short', 'obj', 'arr'], // null (2 has no .0), null (no element 0), 3, 5
  },
  // ---- compound sorts and ties ----
  {
    name: 'compound: the second key orders ties of the first (cursor.sort() example)',
    documents: [
      { _id: '1', name: 'Central Park Cafe', borough: 'Manhattan' },
      { _id: '2', name: 'Rock A Feller Bar and Grill', borough: 'Queens' },
      { _id: '3', name: 'Empire State Pub', borough: 'Brooklyn' },
      { _id: '4', name: "Stan's Pizzaria", borough: 'Manhattan' },
      { _id: '5', name: "Jane's Deli", borough: 'Brooklyn' },
    ],
    sort: { borough: 1, _id: 1 },
    expected: ['3', '5', '1', '4', '2'],
  },
  {
    name: 'compound: mixed directions, a mixed-type first key, an array second key',
    documents: [
      { _id: 'a', status: 'ok', score: [3, 8] },
      { _id: 'b', status: 'ok', score: 5 },
      { _id: 'c', status: true, score: 1 },
      { _id: 'd', status: 'ok', score: [9] },
      { _id: 'e', status: 1, score: [] },
    ],
    sort: { status: -1, score: -1, _id: 1 },
    expected: ['c', 'd', 'a', 'b', 'e'], // true > 'ok' > 1; among 'ok': largest 9, 8, 5
  },
];
