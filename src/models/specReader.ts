/**
 * Reading JSON specs at the boundary: every accessor names the field's path and what was allowed, so a
 * malformed spec produces one clear ConfigError instead of a crash deeper in.
 */
import { ConfigError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export function asObject(v: unknown, where: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${where} must be an object; got ${describe(v)}`);
  return v as JsonObject;
}

/** Rejects keys outside the allowed set (catches typos such as "widht"). */
export function onlyKeys(o: JsonObject, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ConfigError(`${where}.${k} is not a known field; allowed fields: ${allowed.join(', ')}`);
  }
}

export function integer(o: JsonObject, key: string, where: string, opts: { min?: number; max?: number; optional?: false }): number;
export function integer(o: JsonObject, key: string, where: string, opts: { min?: number; max?: number; optional: true }): number | undefined;
export function integer(o: JsonObject, key: string, where: string, opts: { min?: number; max?: number; optional?: boolean }): number | undefined {
  const v = o[key];
  if (v === undefined && opts.optional) return undefined;
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = opts.min !== undefined && opts.max !== undefined ? ` in [${min}, ${max}]` : opts.min !== undefined ? ` ≥ ${min}` : '';
    throw new ConfigError(`${where}.${key} must be an integer${range}; got ${describe(v)}`);
  }
  return v;
}

export function number(o: JsonObject, key: string, where: string, opts: { optional: false; exclusiveMin?: number; max?: number }): number;
export function number(o: JsonObject, key: string, where: string, opts: { optional: true; exclusiveMin?: number; max?: number }): number | undefined;
export function number(o: JsonObject, key: string, where: string, opts: { optional: boolean; exclusiveMin?: number; max?: number }): number | undefined {
  const v = o[key];
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (opts.exclusiveMin !== undefined && v <= opts.exclusiveMin) || (opts.max !== undefined && v > opts.max)) {
    const bounds = [opts.exclusiveMin !== undefined ? `> ${opts.exclusiveMin}` : '', opts.max !== undefined ? `≤ ${opts.max}` : ''].filter(Boolean).join(' and ');
    throw new ConfigError(`${where}.${key} must be a finite number${bounds ? ` ${bounds}` : ''}; got ${describe(v)}`);
  }
  return v;
}

export function oneOf<T extends string>(o: JsonObject, key: string, allowed: readonly T[], where: string, optional = false): T | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${where}.${key} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${describe(v)}`);
  }
  return v as T;
}

export function bool(o: JsonObject, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError(`${where}.${key} must be true or false; got ${describe(v)}`);
  return v;
}

export function array(o: JsonObject, key: string, where: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ConfigError(`${where}.${key} must be an array; got ${describe(v)}`);
  return v;
}

export { jsonDeeperThan, MAX_JSON_DEPTH, tooDeep } from '../io/jsonText.js';
