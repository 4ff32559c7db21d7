// Update documents → one SQL expression computing the new JSON from the stored `doc` (json_set /
// json_insert / json_replace / json_remove), plus the checks a matched document must pass first.
// Parsing, validation and the list of checks live in query/update-model.ts (shared with the
// PostgreSQL engine, which applies the same model in JS: query/apply-update.ts); this file is the
// SQLite emitter.
// Supported, following MongoDB's update operator pages:
//   $set $unset $inc $push (with $each) $addToSet (with $each) $rename $setOnInsert (only when an
//   upsert inserts: collection.ts applies `onInsert` to the inserted document).
// Field paths: a numeric segment ("byBlock.100", "items.2") is an array index when the field is an
// array in the stored document and an object key otherwise (a missing parent is created as an
// object), decided per document in SQL. $set/$inc/$push/$addToSet past an array's end pad it with
// null up to the index; $unset of an array element sets it to null (the array keeps its length).
// Not supported (clear error): $pull $pullAll $pop $min $max $mul $currentDate $bit, positional
// $ / $[] / $[<id>], $push modifiers other than $each.
import { sqlString } from './paths.js';
import { ARRAY_POSITION, MAX_PADDING, type UpdateCheckSpec, type UpdateModel, parseUpdate, updateChecks, updateParents, updateSetId } from './query/update-model.js';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A JSON path that never exists in a document (always an object): json_set/json_replace/json_remove ignore it. */
const NO_PATH = `'$[0]'`;

export interface UpdateCheck {
  /** True (1) for a matched document the update cannot apply to. */
  sql: string;
  params: unknown[];
  /** What is wrong, for the document with this _id. */
  message(id: string): string;
}

export interface CompiledUpdate {
  /** The new document, computed from the stored `doc`. */
  sql: string;
  params: unknown[];
  checks: UpdateCheck[];
  /** $set: { _id } — allowed only when it does not change the _id. */
  setId?: string;
  /** The update to apply to a document an upsert inserts (with $setOnInsert), when it differs. */
  onInsert?: CompiledUpdate;
}

function keyStep(segment: string): string {
  return PLAIN_KEY.test(segment) ? `.${segment}` : `."${segment}"`;
}

/**
 * The SQL for the JSON path of `segments` in the stored doc: a literal when no segment is numeric,
 * otherwise an expression choosing `[n]` or `."n"` by the type of the parent in that document.
 */
function pathSql(segments: readonly string[], keysOnly = false): string {
  let expr: string | undefined;
  let pending = '$';
  const current = (): string => (expr === undefined ? sqlString(pending) : pending === '' ? expr : `(${expr} || ${sqlString(pending)})`);
  for (const segment of segments) {
    if (!keysOnly && ARRAY_POSITION.test(segment)) {
      const parent = current();
      expr = `(${parent} || CASE WHEN json_type(doc, ${parent}) = 'array' THEN '[${segment}]' ELSE ${sqlString(keyStep(segment))} END)`;
      pending = '';
    } else {
      pending += keyStep(segment);
    }
  }
  return current();
}

export function compileUpdate(update: unknown, where: string): CompiledUpdate {
  return compileModel(parseUpdate(update, where));
}

/** The SQL form of a parsed update (with the inserting form when it has $setOnInsert). */
export function compileModel(model: UpdateModel): CompiledUpdate {
  const compiled = compileOperators(model, false);
  if (model.hasSetOnInsert) compiled.onInsert = compileOperators(model, true);
  return compiled;
}

/** A check as SQL over the stored `doc`: true (1) when the document fails it. */
function checkSql(check: UpdateCheckSpec): UpdateCheck {
  if (check.kind === 'id') return { sql: '_id IS NOT ?', params: [check.id], message: check.message };
  const type = `json_type(doc, ${pathSql(check.at.segments, check.at.keysOnly)})`;
  switch (check.kind) {
    case 'number':
      return { sql: `${type} NOT IN ('integer', 'real')`, params: [], message: check.message };
    case 'array':
      return { sql: `${type} <> 'array'`, params: [], message: check.message };
    case 'not-array':
      return { sql: `${type} = 'array'`, params: [], message: check.message };
    case 'parent':
      return { sql: `${type} NOT IN ${check.allowArray ? `('object', 'array')` : `('object')`}`, params: [], message: check.message };
    case 'padding': {
      const parent = pathSql(check.at.segments);
      return { sql: `json_type(doc, ${parent}) = 'array' AND ${check.position} - json_array_length(doc, ${parent}) > ${MAX_PADDING}`, params: [], message: check.message };
    }
  }
}

/** The update for a matched document, or (`inserting`) for the document an upsert inserts. */
function compileOperators(model: UpdateModel, inserting: boolean): CompiledUpdate {
  const pairs: string[] = [];
  const params: unknown[] = [];
  const nulls: string[] = [];
  const removals: string[] = [];
  const checks: UpdateCheck[] = [];
  const setId = updateSetId(model, inserting);

  for (const operation of model.operations) {
    const { ref } = operation;
    const jsonPath = pathSql(ref.segments);
    switch (operation.operator) {
      case '$setOnInsert': // $set when an upsert inserts; nothing otherwise
      case '$set': {
        if (operation.operator === '$setOnInsert' && !inserting) break;
        if (operation.json === undefined) break;
        pairs.push(jsonPath, 'json(?)');
        params.push(operation.json);
        break;
      }
      case '$unset': {
        const last = ref.segments[ref.segments.length - 1]!;
        if (ref.segments.length > 1 && ARRAY_POSITION.test(last)) {
          // An array element becomes null (MongoDB keeps the array's length); an object key goes.
          const parent = pathSql(ref.segments.slice(0, -1));
          nulls.push(`CASE WHEN json_type(doc, ${parent}) = 'array' THEN ${jsonPath} ELSE ${NO_PATH} END`);
          removals.push(`CASE WHEN json_type(doc, ${parent}) = 'array' THEN ${NO_PATH} ELSE ${jsonPath} END`);
        } else {
          removals.push(jsonPath);
        }
        break;
      }
      case '$inc':
        pairs.push(jsonPath, `coalesce(json_extract(doc, ${jsonPath}), 0) + ?`);
        params.push(operation.amount);
        break;
      case '$push':
      case '$addToSet': {
        const operator = operation.operator;
        const current = `coalesce(doc -> ${jsonPath}, '[]')`;
        const inserts: string[] = [];
        for (const json of operation.jsons) {
          if (operator === '$push') {
            inserts.push(`'$[#]', json(?)`);
            params.push(json);
            continue;
          }
          // $addToSet: add only values not already in the array (the model dropped repeats within
          // $each). When the value is there, the array is not empty, so inserting at $[0] (which
          // exists) does nothing.
          inserts.push(`CASE WHEN EXISTS (SELECT 1 FROM json_each(${current}) AS e WHERE (${current} -> e.fullkey) = json(?)) THEN '$[0]' ELSE '$[#]' END, json(?)`);
          params.push(json, json);
        }
        pairs.push(jsonPath, inserts.length === 0 ? `json(${current})` : `json_insert(${current}, ${inserts.join(', ')})`);
        break;
      }
      case '$rename': {
        const to = operation.toRef;
        const from = pathSql(ref.segments, true);
        // A missing source changes nothing (the destination is left as it is).
        pairs.push(`CASE WHEN json_type(doc, ${from}) IS NULL THEN ${NO_PATH} ELSE ${pathSql(to.segments, true)} END`, `doc -> ${from}`);
        removals.push(from);
        break;
      }
    }
  }

  // A dotted path must run through objects, or arrays for a numeric segment: json_set would
  // otherwise leave the document unchanged without a word (updateChecks lists those checks). An
  // array shorter than a numeric segment's position is padded with null first, as MongoDB does.
  for (const check of updateChecks(model, inserting)) checks.push(checkSql(check));
  let padded = 'doc';
  for (const pad of updateParents(model, inserting).pads) {
    const parent = pathSql(pad.at.segments);
    const position = pad.position;
    const length = `json_array_length(doc, ${parent})`;
    const needed = `json_type(doc, ${parent}) = 'array' AND ${length} < ${position}`;
    const nullList = (count: string): string => `rtrim(replace(hex(zeroblob(${count})), '00', 'null,'), ',')`;
    const array = `(doc -> ${parent})`;
    const paddedArray = `CASE WHEN ${length} = 0 THEN '[' || ${nullList(String(position))} || ']' ELSE substr(${array}, 1, length(${array}) - 1) || ',' || ${nullList(`${position} - ${length}`)} || ']' END`;
    padded = `json_replace(${padded}, CASE WHEN ${needed} THEN ${parent} ELSE ${NO_PATH} END, CASE WHEN ${needed} THEN json(${paddedArray}) END)`;
  }

  let sql = 'doc';
  if (pairs.length > 0) sql = `json_set(${padded}, ${pairs.join(', ')})`;
  if (nulls.length > 0) sql = `json_replace(${sql}, ${nulls.map((path) => `${path}, NULL`).join(', ')})`;
  if (removals.length > 0) sql = `json_remove(${sql}, ${removals.join(', ')})`;
  return setId === undefined ? { sql, params, checks } : { sql, params, checks, setId };
}
