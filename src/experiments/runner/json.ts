/**
 * JSON values for the experiment runner: the canonical text of a value (keys sorted at every depth, so
 * equal values have equal text whatever their key order) and the conversion of a point's result into
 * plain JSON before it is recorded.
 */
import { ConfigError } from '../../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every depth, no whitespace, numbers as
 * JSON.stringify writes them (so 1 and 1.0 agree, and −0 is written 0). Properties whose value is
 * undefined are left out, as JSON.stringify does. Throws on anything JSON cannot hold.
 */
export function canonicalJson(value: unknown, where = 'value'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new ConfigError(`${where} is ${value}; JSON holds only finite numbers`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`)).join(',')}]`;
      if (!isPlainObject(value)) throw new ConfigError(`${where} is not a plain JSON object`);
      const rec = value as Record<string, unknown>;
      const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k], `${where}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new ConfigError(`${where} is a ${typeof value}; only JSON values are allowed`);
  }
}

/** Whether two JSON values are equal (same canonical text). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A point function's return value as plain JSON: typed arrays become arrays of numbers, properties
 * holding undefined are dropped; NaN, ±Infinity, functions, bigints, class instances and cycles are
 * errors naming the path (return null or a string for a diverged quantity, e.g. `loss: null`).
 */
export function toJsonValue(value: unknown, where: string, ancestors: object[] = []): JsonValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new ConfigError(`${where} is ${value}; JSON holds only finite numbers (return null or a string instead)`);
      return value;
    case 'object': {
      if (ancestors.includes(value)) throw new ConfigError(`${where} refers back to itself; a result must be a tree of JSON values`);
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        const arr = Array.from(value as unknown as ArrayLike<number | bigint>);
        return arr.map((x, i) => toJsonValue(x, `${where}[${i}]`));
      }
      const inner = [...ancestors, value];
      if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v, `${where}[${i}]`, inner));
      if (!isPlainObject(value)) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new ConfigError(`${where} is a ${name}; a result may hold only plain objects, arrays, typed arrays, numbers, strings, booleans and null`);
      }
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) out[k] = toJsonValue(v, `${where}.${k}`, inner);
      }
      return out;
    }
    default:
      throw new ConfigError(`${where} is a ${typeof value}; a result may hold only JSON values`);
  }
}
