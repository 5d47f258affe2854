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
  /**
   * Reports something about the running point to the main thread (progress, or a part of the result
   * that must not be lost if the point is stopped), as JSON-able data; the caller decides what it means.
   * Absent when nobody listens.
   */
  progress?: (info: unknown) => void;
}

/** A point's parameters (the spec's base with the point's axis values). */
export type PointParams = Readonly<JsonObject>;

/**
 * Measures one point. The result must be a JSON-able object (typed arrays are converted to arrays;
 * NaN and ±Infinity are errors: give null or a string for a diverged quantity).
 */
export type PointFunction = (params: PointParams, ctx: PointContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** One parameter of a kind, as `overparam sweep --kinds` lists it. */
export interface PointParamDescriptor {
  name: string;
  /** What values it takes, in words: "integer ≥ 1", "model spec object", "one of a, b". */
  type: string;
  /** Whether a point must give it. */
  required?: boolean;
  /** The value used when an optional parameter is left out (JSON-able); undefined: none (the parameter only adds something). */
  default?: unknown;
  doc: string;
}

/** What a kind takes and returns: listed by `overparam sweep --kinds`; `validate` is checked before any point runs. */
export interface PointKindDescriptor {
  /** One line: what a point measures. */
  summary: string;
  params: readonly PointParamDescriptor[];
  /** The result's fields, in words (name → what it holds). */
  result: Readonly<Record<string, string>>;
  /**
   * Throws a ConfigError naming the field when a point's parameters are malformed. The runner calls it
   * for every point of the shard before any runs, so a bad spec exits 2 up front.
   */
  validate?: (params: PointParams) => void;
  /**
   * The point's expected wall-clock seconds on one core of the reference machine (README), from its
   * parameters: what `reproduce --shard` balances the shards by. Kinds without one cost 1 s a point.
   */
  cost?: (params: PointParams) => number;
  /** Whether the kind ships with overparam (imported by every sweep without --module). */
  builtIn?: boolean;
}

const kinds = new Map<string, PointFunction>();
const descriptors = new Map<string, PointKindDescriptor>();

/**
 * Registers a point kind, with an optional descriptor of its parameters and result. Registering the same
 * function again under the same name is allowed (a module evaluated twice); a different function under a
 * taken name is an error.
 */
export function registerPointKind(kind: string, fn: PointFunction, descriptor?: PointKindDescriptor): void {
  if (typeof kind !== 'string' || kind.trim() === '') throw new ConfigError(`a point kind needs a non-empty name; got ${JSON.stringify(kind)}`);
  if (typeof fn !== 'function') throw new ConfigError(`point kind "${kind}" must be registered with a function`);
  const existing = kinds.get(kind);
  if (existing !== undefined && existing !== fn) throw new ConfigError(`point kind "${kind}" is already registered (by another function)`);
  kinds.set(kind, fn);
  if (descriptor !== undefined) descriptors.set(kind, descriptor);
}

/** The descriptor a kind was registered with, if any. */
export function pointKindDescriptor(kind: string): PointKindDescriptor | undefined {
  return descriptors.get(kind);
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
        '(`overparam sweep --kinds` lists them with their parameters; other kinds are registered by importing their module: name it in the spec\'s "modules" or with --module)',
    );
  }
  return fn;
}
