/**
 * Point kinds: the functions that measure one point of a sweep, registered by name.
 *
 * A module registers its kinds when it is imported (`registerPointKind('du2019.lambdaMin', fn)` at top
 * level). Worker threads have their own module instances, so the runner imports the same modules in
 * every worker (see modules.ts): a kind must be registered by a module that can be imported on its own,
 * never from code that runs only in the main thread. The registering module must import this file by
 * the same resolved path as the runner (e.g. both from dist/), so that both see one registry.
 */
import { ConfigError } from '../../errors.js';
import type { Rng } from '../../linalg/random/rng.js';
import type { JsonObject } from './json.js';

/** What a point function receives beside its parameters. */
export interface PointContext {
  /**
   * The point's own stream: `Rng.fromSeed(seed).fold(kind, id)`. It depends only on the point (kind and
   * parameters), never on the execution order, the worker or the shard.
   */
  rng: Rng;
  /**
   * A stream shared by all points of this kind with the same seed: `Rng.fromSeed(seed).fold(kind)`. Draw
   * from it what should be common to a seed across the other axes (e.g. the same data set at every width).
   */
  seedRng: Rng;
  /** The point's seed (params.seed, or 0) and id. */
  seed: number;
  id: string;
  /**
   * Aborted when the sweep is being stopped (Ctrl-C). A long point may check it and throw; a point that
   * throws after the abort is abandoned (not recorded) and runs again on resume. Never return a partial
   * result because of it: whatever a point returns is recorded as its result.
   */
  signal?: AbortSignal;
}

/** A point's parameters (the spec's base with the point's axis values). */
export type PointParams = Readonly<JsonObject>;

/**
 * Measures one point. The result must be a JSON-able object (typed arrays are converted to arrays;
 * NaN and ±Infinity are errors: give null or a string for a diverged quantity).
 */
export type PointFunction = (params: PointParams, ctx: PointContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

const kinds = new Map<string, PointFunction>();

/**
 * Registers a point kind. Registering the same function again under the same name is allowed (a module
 * evaluated twice); a different function under a taken name is an error.
 */
export function registerPointKind(kind: string, fn: PointFunction): void {
  if (typeof kind !== 'string' || kind.trim() === '') throw new ConfigError(`a point kind needs a non-empty name; got ${JSON.stringify(kind)}`);
  if (typeof fn !== 'function') throw new ConfigError(`point kind "${kind}" must be registered with a function`);
  const existing = kinds.get(kind);
  if (existing !== undefined && existing !== fn) throw new ConfigError(`point kind "${kind}" is already registered (by another function)`);
  kinds.set(kind, fn);
}

/** The registered kinds, sorted. */
export function registeredKinds(): string[] {
  return [...kinds.keys()].sort();
}

export function hasPointKind(kind: string): boolean {
  return kinds.has(kind);
}

/** The function of a kind; an unknown kind is an error listing the registered ones. */
export function pointKind(kind: string): PointFunction {
  const fn = kinds.get(kind);
  if (fn === undefined) {
    const known = registeredKinds();
    throw new ConfigError(
      `unknown point kind "${kind}"; ${known.length === 0 ? 'no kinds are registered' : `registered kinds: ${known.join(', ')}`} ` +
        '(a kind is registered by importing its module: name it in the spec\'s "modules" or with --module)',
    );
  }
  return fn;
}
