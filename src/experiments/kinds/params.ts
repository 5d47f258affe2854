/**
 * Reading the parameters of the built-in point kinds: every accessor names the field (`params.n`), so a
 * malformed spec is one ConfigError, found before any point runs (the kinds' `validate`).
 */
import { ConfigError } from '../../errors.js';
import { asObject, describe, onlyKeys } from '../../models/specReader.js';
import { buildModel } from '../../models/spec.js';
import type { Network } from '../../nn/network.js';
import type { PointParams } from '../runner/registry.js';

/** How the kinds name their parameters in errors. */
export const WHERE = 'params';

/** Refuses parameters outside `allowed` (the runner's `seed` is always allowed). */
export function knownParams(p: PointParams, allowed: readonly string[]): void {
  onlyKeys(p, [...allowed, 'seed'], WHERE);
}

/** The fields of a model spec that a top-level parameter of the same name may replace (so a sweep can take them as axes). */
export const MODEL_OVERRIDES = ['width', 'depth'] as const;

/**
 * The `model` parameter (a model spec object, models/spec.ts), with `width` and `depth` (when given)
 * replacing the spec's own fields the way `overparam kernel --width` does; built once to check it.
 */
export function modelParam(p: PointParams): { spec: Record<string, unknown>; net: Network } {
  if (p['model'] === undefined) throw new ConfigError(`${WHERE}.model is required: a model spec object such as {"preset": "du2019-fc", "inputDim": 5, "width": 64, "depth": 2}`);
  let spec: Record<string, unknown> = asObject(p['model'], `${WHERE}.model`);
  for (const key of MODEL_OVERRIDES) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ConfigError(`${WHERE}.${key} must be an integer ≥ 1; got ${describe(v)}`);
    if (!(key in spec)) throw new ConfigError(`${WHERE}.${key} needs a model spec with a "${key}" field (${WHERE}.model has none)`);
    spec = { ...spec, [key]: v };
  }
  return { spec, net: buildModel(spec, `${WHERE}.model`) };
}

/** The descriptors of the override parameters. */
export const OVERRIDE_PARAMS = [
  { name: 'width', type: 'integer ≥ 1', doc: 'replaces the model spec\'s "width" (like `overparam kernel --width`), so widths can be a sweep axis' },
  { name: 'depth', type: 'integer ≥ 1', doc: 'replaces the model spec\'s "depth"' },
] as const;

/** A list of names, each one of `allowed`. */
export function nameList(p: PointParams, key: string, allowed: readonly string[]): string[] | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ConfigError(`${WHERE}.${key} must be an array of names; got ${describe(v)}`);
  return v.map((x, i) => {
    if (typeof x !== 'string' || !allowed.includes(x)) throw new ConfigError(`${WHERE}.${key}[${i}] must be one of ${allowed.join(', ')}; got ${describe(x)}`);
    return x;
  });
}

/** A finite number for a result, or null (results hold no NaN or ±Infinity). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A list of integers ≥ min. */
export function integerList(p: PointParams, key: string, min: number): number[] {
  const v = p[key];
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(`${WHERE}.${key} must be a non-empty array of integers; got ${describe(v)}`);
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) throw new ConfigError(`${WHERE}.${key}[${i}] must be an integer ≥ ${min}; got ${describe(x)}`);
    return x;
  });
}

/**
 * A result with every non-finite number replaced by null (a record holds no NaN or ±Infinity: an
 * overflowing moment such as Π of very wide nets is reported as null, not an error).
 */
export function finiteResult<T>(v: T): T {
  if (typeof v === 'number') return (Number.isFinite(v) ? v : null) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => finiteResult(x)) as T;
  if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : null)) as T;
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finiteResult(x)])) as T;
  return v;
}
