/**
 * Running one point: look up its kind, derive its random streams, call the function, turn the result
 * into plain JSON and time it. Used alike in the main thread (workers = 1) and in worker threads, so a
 * point's result does not depend on where it ran.
 */
import { OverparamError } from '../../errors.js';
import { Rng } from '../../linalg/random/rng.js';
import { toJsonValue, type JsonObject } from './json.js';
import type { SweepPoint } from './points.js';
import { pointKind } from './registry.js';

export interface PointOutcome {
  /** The result as plain JSON, when the point returned. */
  result?: JsonObject;
  /** The error message, when the point threw (or its result is not JSON). */
  error?: string;
  /** Wall-clock seconds of the point function. */
  seconds: number;
  /** The point threw after the sweep was told to stop: not recorded, it runs again on resume. */
  abandoned: boolean;
}

/** A thrown value as a message: user errors by their message, others with their class name. */
export function errorMessage(e: unknown): string {
  if (e instanceof OverparamError) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export async function executePoint(point: SweepPoint, signal: AbortSignal, progress?: (info: unknown) => void): Promise<PointOutcome> {
  const t0 = performance.now();
  const seconds = (): number => Math.round(performance.now() - t0) / 1000;
  try {
    const fn = pointKind(point.kind);
    const root = Rng.fromSeed(point.seed);
    const value: unknown = await fn(point.params, {
      rng: root.fold(point.kind, point.id),
      seedRng: root.fold(point.kind),
      seed: point.seed,
      id: point.id,
      signal,
      ...(progress !== undefined ? { progress } : {}),
    });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new OverparamError(`point kind "${point.kind}" returned ${Array.isArray(value) ? 'an array' : String(value)}; it must return an object of results`);
    }
    return { result: toJsonValue(value, 'result') as JsonObject, seconds: seconds(), abandoned: false };
  } catch (e) {
    return { error: errorMessage(e), seconds: seconds(), abandoned: signal.aborted };
  }
}
