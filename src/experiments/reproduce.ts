/**
 * Runs claims on worker threads and collects their results (runClaims.ts runs them in one thread).
 *
 * The unit of work is a claim group (claims sharing an experiment, Claim.shares) at one seed: a seed is
 * an independent repetition of the whole experiment, so groups at different seeds run anywhere.
 */
import os from 'node:os';
import { CLAIMS_POINT_KIND, CLAIMS_POINT_MODULE, type ClaimsProgress } from './claimPoints.js';
import type { Claim, ClaimResult, Scale } from './claims/claim.js';
import { pointId } from './runner/pointId.js';
import type { SweepPoint } from './runner/points.js';
import { runOnWorkers } from './runner/pool.js';
import { notRunResult, runClaims, type ReproduceOptions } from './runClaims.js';
import type { SeedRun } from './seedVerdicts.js';

export { runClaims, type ReproduceOptions } from './runClaims.js';

/**
 * Claim groups: claims with the same Claim.shares key together (in registry order), every other claim
 * alone; the largest groups first, so that the shared experiments start at once.
 */
export function claimGroups(claims: readonly Claim[]): Claim[][] {
  const byKey = new Map<string, Claim[]>();
  for (const c of claims) {
    const key = c.shares ?? `claim:${c.id}`;
    const g = byKey.get(key);
    if (g) g.push(c);
    else byKey.set(key, [c]);
  }
  return [...byKey.values()].sort((a, b) => b.length - a.length);
}

/** A unit of work: claims that share an experiment, at one seed. */
export interface ClaimUnit {
  claims: Claim[];
  seed: number;
}

/**
 * The units of a run, in a fixed order (what shards deal, unit p to shard p mod N): each claim group
 * (claimGroups order, largest first) at each seed in turn.
 */
export function claimUnits(claims: readonly Claim[], seeds: readonly number[]): ClaimUnit[] {
  return claimGroups(claims).flatMap((g) => seeds.map((seed) => ({ claims: g, seed })));
}

export interface SeedRunOptions {
  scale: Scale;
  /** Worker threads (default: every core), at most one per unit. */
  workers?: number;
  /**
   * Run the units one after another in this thread instead of on worker threads. On workers (the
   * default, even for one) this thread stays free to answer Ctrl-C and report progress.
   */
  inThisThread?: boolean;
  /** Stops the run before its next claim; claims already running finish (see ReproduceOptions.signal). */
  signal?: AbortSignal;
  /** index counts (claim, seed) runs started, of total. */
  onStart?: (claim: Claim, seed: number, index: number, total: number) => void;
  onProgress?: (claim: Claim, seed: number, done: number, total: number) => void;
  /** index counts (claim, seed) runs finished, of total. */
  onDone?: (run: SeedRun, index: number, total: number) => void;
}

/**
 * Runs units (claim groups at seeds) and returns one run per (claim, seed) that finished, ordered by
 * the claims' first appearance in `units`, then by seed as listed. Units go to whichever worker is free,
 * in the order given; a unit's claims run in one worker, so their shared experiment is computed once.
 */
export async function runClaimSeeds(units: readonly ClaimUnit[], opts: SeedRunOptions): Promise<SeedRun[]> {
  const claimOrder = new Map<string, number>();
  const seedOrder = new Map<number, number>();
  const byId = new Map<string, Claim>();
  for (const u of units) {
    if (!seedOrder.has(u.seed)) seedOrder.set(u.seed, seedOrder.size);
    for (const c of u.claims) {
      if (!claimOrder.has(c.id)) claimOrder.set(c.id, claimOrder.size);
      byId.set(c.id, c);
    }
  }
  const total = units.reduce((n, u) => n + u.claims.length, 0);
  const runs: SeedRun[] = [];
  let started = 0;
  const done = (run: SeedRun): void => {
    runs.push(run);
    opts.onDone?.(run, runs.length - 1, total);
  };
  if (opts.inThisThread) {
    for (const u of units) {
      if (opts.signal?.aborted) break;
      await runClaims(u.claims, {
        scale: opts.scale, seed: u.seed, signal: opts.signal,
        onClaimStart: (c) => opts.onStart?.(c, u.seed, started++, total),
        onClaimProgress: (c, d, t) => opts.onProgress?.(c, u.seed, d, t),
        onClaimDone: (result) => done({ seed: u.seed, result }),
      });
    }
  } else if (units.length > 0) {
    await onWorkers(units, opts, {
      start: (id, seed) => opts.onStart?.(byId.get(id)!, seed, started++, total),
      progress: (id, seed, d, t) => opts.onProgress?.(byId.get(id)!, seed, d, t),
      done,
    });
  }
  return runs.sort((a, b) => claimOrder.get(a.result.id)! - claimOrder.get(b.result.id)! || seedOrder.get(a.seed)! - seedOrder.get(b.seed)!);
}

interface WorkerEvents {
  start(id: string, seed: number): void;
  progress(id: string, seed: number, done: number, total: number): void;
  done(run: SeedRun): void;
}

/**
 * The units as points of kind "claims" (claimPoints.ts) on the runner's worker pool, dealt in the order
 * given. A worker that dies (out of memory, a crash) ends the claims of its unit that had not finished
 * as inconclusive, naming why; a unit stopped by the signal keeps the claims it finished.
 */
async function onWorkers(units: readonly ClaimUnit[], opts: SeedRunOptions, on: WorkerEvents): Promise<void> {
  const points: SweepPoint[] = units.map((u, index) => {
    const params = { claims: u.claims.map((c) => c.id), scale: opts.scale, seed: u.seed };
    return { index, id: pointId(CLAIMS_POINT_KIND, params), kind: CLAIMS_POINT_KIND, seed: u.seed, params };
  });
  const finished = new Map<string, Set<string>>();
  await runOnWorkers(points, {
    workers: Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), units.length)),
    modules: [CLAIMS_POINT_MODULE],
    signal: opts.signal,
    onProgress: (point, info) => {
      const m = info as ClaimsProgress;
      if (m.type === 'start') on.start(m.id, point.seed);
      else if (m.type === 'progress') on.progress(m.id, point.seed, m.done, m.total);
      else {
        on.done({ seed: point.seed, result: m.result });
        const f = finished.get(point.id) ?? new Set<string>();
        f.add(m.result.id);
        finished.set(point.id, f);
      }
    },
    onOutcome: (point, outcome) => {
      if (outcome.error === undefined || outcome.abandoned) return;
      const unit = units[point.index];
      for (const c of unit.claims) {
        if (finished.get(point.id)?.has(c.id)) continue;
        on.done({ seed: unit.seed, result: notRunResult(c, opts.scale, outcome.error, outcome.seconds, true) });
      }
    },
  });
}

/**
 * Runs claims at one seed on `workers` threads (default: every core); results come back in the order
 * of `claims`. With one worker the claims run in this thread.
 */
export async function runClaimsParallel(claims: readonly Claim[], opts: ReproduceOptions & { workers?: number }): Promise<ClaimResult[]> {
  const runs = await runClaimSeeds(claimUnits(claims, [opts.seed]), {
    scale: opts.scale, workers: opts.workers, inThisThread: opts.workers === 1, signal: opts.signal,
    onStart: (c, _s, i, n) => opts.onClaimStart?.(c, i, n),
    onProgress: (c, _s, d, t) => opts.onClaimProgress?.(c, d, t),
    onDone: (r, i, n) => opts.onClaimDone?.(r.result, i, n),
  });
  return runs.map((r) => r.result);
}
