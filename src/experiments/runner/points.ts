/**
 * The points of an experiment, in a stable order.
 *
 * Order: the cartesian product of the sweep axes in the order the spec writes them, the first axis
 * varying slowest (nested loops, outermost first), and the seed axis of `seeds` (if any) innermost,
 * varying fastest. A point's parameters are the base with its axis values laid over it (a sweep axis
 * may override a base value). Its position in this order decides its shard (shard.ts); its id
 * (pointId.ts) depends only on its kind and parameters.
 *
 * A point's seed is params.seed (a non-negative integer), or 0 when it has none.
 */
import { ConfigError } from '../../errors.js';
import { canonicalJson, type JsonObject, type JsonValue } from './json.js';
import { pointId } from './pointId.js';

export interface SweepPoint {
  /** Position in the experiment's point order (0-based). */
  index: number;
  id: string;
  kind: string;
  seed: number;
  params: JsonObject;
}

/** The largest number of points one spec may expand to (a guard against a mistyped axis). */
export const MAX_POINTS = 1_000_000;

/** The seed of a point with these parameters: params.seed, or 0. */
export function seedOf(params: JsonObject, where: string): number {
  const s = params['seed'];
  if (s === undefined) return 0;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) {
    throw new ConfigError(`${where}: the parameter "seed" must be a non-negative integer below 2^53; got ${JSON.stringify(s)}`);
  }
  return s;
}

/** What the points are expanded from: a parsed spec (spec.ts) has these fields. */
export interface PointGrid {
  /** Names the experiment in messages. */
  name: string;
  kind: string;
  base: JsonObject;
  sweep: readonly { param: string; values: readonly JsonValue[] }[];
  seeds: readonly number[] | undefined;
}

/** Every point of the experiment, in the documented order. */
export function expandPoints(spec: PointGrid): SweepPoint[] {
  const axes: { param: string; values: readonly JsonValue[] }[] = spec.sweep.map((a) => ({ param: a.param, values: a.values }));
  if (spec.seeds !== undefined) axes.push({ param: 'seed', values: spec.seeds });
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS) {
    throw new ConfigError(`${spec.name}: the sweep has ${total} points (${axes.map((a) => `${a.param} ${a.values.length}`).join(' × ')}); at most ${MAX_POINTS} are allowed`);
  }
  const points: SweepPoint[] = [];
  const byId = new Map<string, number>();
  const digits = new Array<number>(axes.length).fill(0);
  for (let index = 0; index < total; index++) {
    const params: JsonObject = { ...spec.base };
    axes.forEach((a, k) => {
      params[a.param] = a.values[digits[k]];
    });
    const id = pointId(spec.kind, params);
    const twin = byId.get(id);
    if (twin !== undefined) throw new ConfigError(`${spec.name}: points ${twin} and ${index} have the same parameters ${canonicalJson(params)}`);
    byId.set(id, index);
    points.push({ index, id, kind: spec.kind, seed: seedOf(params, `${spec.name} point ${index}`), params });
    for (let k = axes.length - 1; k >= 0; k--) {
      digits[k] += 1;
      if (digits[k] < axes[k].values.length) break;
      digits[k] = 0;
    }
  }
  return points;
}
