/**
 * JSON text as untrusted input: a syntax error becomes one line with the line and column, and values
 * nested past a depth limit are refused before anything walks them recursively.
 */
import { ConfigError } from '../errors.js';
import { stripBom } from './files.js';

/**
 * Whether a parsed JSON value nests arrays and objects more than `limit` deep, found without recursion
 * (so a hostile value cannot overflow the stack here): the path below the value where the limit is
 * passed ("[0][0].a…", cut short when long), or undefined when it is within the limit.
 */
export function jsonDeeperThan(value: unknown, limit: number): string | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return path.length <= 80 ? path : `${path.slice(0, 60)}…`;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, depth: depth + 1, path: path.length <= 80 ? `${path}[${i}]` : path }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: depth + 1, path: path.length <= 80 ? `${path}.${k}` : path });
  }
  return undefined;
}

/**
 * How deep any JSON the CLI reads may nest arrays and objects. The readers and the report walk values
 * recursively (canonical JSON for point ids, JSON.stringify into plots), and V8's stack ends somewhere
 * past 5 000 levels; nothing overparam writes nests more than a few dozen, model specs at most 520.
 */
export const MAX_JSON_DEPTH = 1000;

/** The one-line refusal of a value nested deeper than MAX_JSON_DEPTH, or undefined when it is not. */
export function tooDeep(value: unknown, source: string, limit = MAX_JSON_DEPTH): string | undefined {
  const at = jsonDeeperThan(value, limit);
  return at === undefined ? undefined : `${source}: arrays and objects nested more than ${limit} deep (at ${at === '' ? 'the top' : at})`;
}

/**
 * Parses JSON text, turning a syntax error into a message with the line and column; refuses values
 * nested deeper than MAX_JSON_DEPTH, or `maxDepth` for a reader that checks depth itself with a more
 * telling message (model specs: buildModel, before anything walks the spec).
 */
export function parseJsonText(text: string, source: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      throw new ConfigError(`${source}:${line}:${col}: invalid JSON (${msg})`);
    }
    throw new ConfigError(`${source}: invalid JSON (${msg})`);
  }
  const deep = maxDepth === Infinity ? undefined : tooDeep(value, source, maxDepth);
  if (deep !== undefined) throw new ConfigError(deep);
  return value;
}
