/**
 * The suite as points on the runner's worker pool (runner/pool.ts): what `overparam reproduce` runs.
 *
 * A claim with a plan (Claim.plan) is its points, one per training run or measurement, each computed once
 * however many claims need it, and judged in this thread as soon as the last of them is known. A claim
 * without one runs whole, at one seed, as a point of kind "claims" (claimPoints.ts). A seed is an independent repetition of every experiment, so points of
 * different seeds run anywhere. Every point has an expected cost (its kind's `cost`), by which shards
 * are dealt (runner/costShards.ts) and workers take the largest first.
 */
import os from 'node:os';
import { CLAIMS_POINT_KIND, CLAIMS_POINT_MODULE, type ClaimsProgress } from './claimPoints.js';
import type { Claim, ClaimResult, Scale } from './claims/claim.js';
import { executePoint, type PointOutcome } from './runner/execute.js';
import { pointId } from './runner/pointId.js';
import type { SweepPoint } from './runner/points.js';
import { costOrder, dealByCost } from './runner/costShards.js';
import { runOnWorkers } from './runner/pool.js';
import { pointKindDescriptor } from './runner/registry.js';
import { judgePlanned, notRunResult, plannedPoints, runClaims, type PointResultOf, type ReproduceOptions } from './runClaims.js';
import type { SeedRun } from './seedVerdicts.js';
import { runKey } from './results/resume.js';

export { runClaims, plannedPoints, judgePlanned, type ReproduceOptions } from './runClaims.js';

/** A unit of work: claims at one seed. */
export interface ClaimUnit {
  claims: Claim[];
  seed: number;
}

/**
 * The units of a run, in a fixed order (what planUnits expands into the plan's points): each claim, in the
 * order given, at each seed in turn.
 */
export function claimUnits(claims: readonly Claim[], seeds: readonly number[]): ClaimUnit[] {
  return claims.flatMap((c) => seeds.map((seed) => ({ claims: [c], seed })));
}

/** A point of the suite with its expected seconds on one core (its kind's cost; 1 s when the kind has none). */
export interface SuitePoint extends SweepPoint {
  cost: number;
}

/** A planned claim at one seed: judged when every one of its points is known. */
export interface PlannedRun {
  claim: Claim;
  seed: number;
  points: SweepPoint[];
}

/** What a suite runs: its points, each once, and the planned runs judged on them. */
export interface SuitePlan {
  scale: Scale;
  /** In a fixed order: the units' order, a unit's points in its plan's order, each point where first needed. */
  points: SuitePoint[];
  planned: PlannedRun[];
  /** The claims of each "claims" point, by point id. */
  whole: ReadonlyMap<string, readonly Claim[]>;
}

/** The expected seconds of a point: its kind's cost (runner/registry.ts), or 1. */
export function pointCost(point: SweepPoint): number {
  const c = pointKindDescriptor(point.kind)?.cost?.(point.params);
  return c !== undefined && Number.isFinite(c) && c >= 0 ? c : 1;
}

/** The "claims" point of claims without a plan that share an experiment, at one seed. */
export function claimsPoint(claims: readonly Claim[], scale: Scale, seed: number): SuitePoint {
  const params = { claims: claims.map((c) => c.id), scale, seed };
  const p: SweepPoint = { index: 0, id: pointId(CLAIMS_POINT_KIND, params), kind: CLAIMS_POINT_KIND, seed, params };
  return { ...p, cost: pointCost(p) };
}

/** The plan of units: each unit's claims without a plan as one "claims" point, its planned claims as their points. */
export function planUnits(units: readonly ClaimUnit[], scale: Scale): SuitePlan {
  const points: SuitePoint[] = [];
  const whole = new Map<string, readonly Claim[]>();
  const seen = new Set<string>();
  const add = (p: SweepPoint): void => {
    if (seen.has(p.id)) return;
    seen.add(p.id);
    points.push({ ...p, index: points.length, cost: pointCost(p) });
  };
  const planned: PlannedRun[] = [];
  for (const u of units) {
    const rest = u.claims.filter((c) => c.plan === undefined);
    if (rest.length > 0) {
      const p = claimsPoint(rest, scale, u.seed);
      whole.set(p.id, rest);
      add(p);
    }
    for (const c of u.claims.filter((k) => k.plan !== undefined)) {
      const ps = plannedPoints(c, scale, u.seed);
      ps.forEach(add);
      planned.push({ claim: c, seed: u.seed, points: ps });
    }
  }
  return { scale, points, planned, whole };
}

/** The plan of claims at seeds (claimUnits order). */
export function planSuite(claims: readonly Claim[], seeds: readonly number[], scale: Scale): SuitePlan {
  return planUnits(claimUnits(claims, seeds), scale);
}

/** What a shard of a plan has to do. */
export interface ShardWork {
  /** The plan this shard runs: its points not yet known (largest expected cost first) and the planned runs it can judge. */
  plan: SuitePlan;
  /** The shard's expected seconds on one core, of the points it runs. */
  cost: number;
  /** Planned runs with points in other shards: judged when the shards' records are merged (`overparam report`). */
  judgedAtMerge: number;
  /** The planned runs with a point dealt to this shard (each shard records their plan records). */
  touched: PlannedRun[];
}

/**
 * A shard's part of a plan: the points dealt to it by expected cost (runner/costShards.ts; every shard
 * computes the same deal from the same plan), less what a resumed run already has — `known` points, and
 * the (claim, seed) runs in `doneRuns` (runKey) of claims without a plan. It judges the planned runs whose
 * points are all its own or known.
 */
export function shardWork(full: SuitePlan, shard: { index: number; count: number }, resumed: { known?: ReadonlySet<string>; doneRuns?: ReadonlySet<string> } = {}): ShardWork {
  const deal = dealByCost(full.points.map((p) => p.cost), shard.count);
  const known = resumed.known ?? new Set<string>();
  const mine = new Set(full.points.filter((_, i) => deal[i] === shard.index).map((p) => p.id));
  const whole = new Map<string, readonly Claim[]>();
  const points: SuitePoint[] = [];
  for (const i of costOrder(full.points.map((p) => p.cost))) {
    const p = full.points[i];
    if (!mine.has(p.id) || known.has(p.id)) continue;
    const claims = full.whole.get(p.id);
    if (claims === undefined) {
      points.push(p);
      continue;
    }
    const rest = claims.filter((c) => !(resumed.doneRuns?.has(runKey(c.id, p.seed)) ?? false));
    if (rest.length === 0) continue;
    const q = rest.length === claims.length ? p : claimsPoint(rest, full.scale, p.seed);
    whole.set(q.id, rest);
    points.push(q);
  }
  const here = (r: PlannedRun): boolean => r.points.every((p) => mine.has(p.id) || known.has(p.id));
  const planned = full.planned.filter(here);
  return {
    plan: { scale: full.scale, points: points.map((p, index) => ({ ...p, index })), planned, whole },
    cost: points.reduce((t, p) => t + p.cost, 0),
    judgedAtMerge: full.planned.length - planned.length,
    touched: full.planned.filter((r) => r.points.some((p) => mine.has(p.id))),
  };
}

export interface SuiteRunOptions {
  /** Worker threads (default: every core), at most one per point. */
  workers?: number;
  /**
   * Run the points one after another in this thread instead of on worker threads. On workers (the
   * default, even for one) this thread stays free to answer Ctrl-C and report progress.
   */
  inThisThread?: boolean;
  /** Stops the run before its next point; points already running finish (see ReproduceOptions.signal). */
  signal?: AbortSignal;
  /** Points already computed (a resumed run), by id: they do not run again. */
  known?: ReadonlyMap<string, PointResultOf>;
  /** Modules that register point kinds the claims' modules do not (imported by every worker). */
  modules?: readonly string[];
  /** A planned claim's point finished (not one stopped by the signal): what the caller records. */
  onPoint?: (point: SweepPoint, outcome: PointOutcome) => void;
  /** index counts (claim, seed) runs started, of total. */
  onStart?: (claim: Claim, seed: number, index: number, total: number) => void;
  onProgress?: (claim: Claim, seed: number, done: number, total: number) => void;
  /** index counts (claim, seed) runs finished, of total; `judged`: a planned claim, judged on its points. */
  onDone?: (run: SeedRun, index: number, total: number, judged: boolean) => void;
}

/**
 * Runs a plan's points in the order given (largest first, for the pool's sake) and returns one run per
 * (claim, seed) that finished — every claim of the "claims" points, and each planned run once all its
 * points are known — ordered by the claims' first appearance in the plan, then by seed.
 */
export async function runSuite(plan: SuitePlan, opts: SuiteRunOptions): Promise<SeedRun[]> {
  const { points, planned, scale } = plan;
  const claimOrder = new Map<string, number>();
  const seedOrder = new Map<number, number>();
  const byId = new Map<string, Claim>();
  const note = (c: Claim, seed: number): void => {
    if (!seedOrder.has(seed)) seedOrder.set(seed, seedOrder.size);
    if (!claimOrder.has(c.id)) claimOrder.set(c.id, claimOrder.size);
    byId.set(c.id, c);
  };
  const inPlanOrder = [...points].sort((a, b) => a.index - b.index);
  for (const p of inPlanOrder) for (const c of plan.whole.get(p.id) ?? []) note(c, p.seed);
  for (const r of planned) note(r.claim, r.seed);
  const total = [...plan.whole.values()].reduce((n, cs) => n + cs.length, 0) + planned.length;
  const runs: SeedRun[] = [];
  let started = 0;
  const done = (run: SeedRun, judged: boolean): void => {
    runs.push(run);
    opts.onDone?.(run, runs.length - 1, total, judged);
  };

  // Each planned run waits for its points not yet known.
  const known = new Map<string, PointResultOf>(opts.known ?? []);
  const waiting = new Map<string, PlannedRun[]>();
  const missing = new Map<PlannedRun, number>();
  const begun = new Set<PlannedRun>();
  const judge = (r: PlannedRun): void => done({ seed: r.seed, result: judgePlanned(r.claim, scale, r.seed, r.points.map((p) => known.get(p.id)!)) }, true);
  for (const r of planned) {
    const left = new Set(r.points.filter((p) => !known.has(p.id)).map((p) => p.id));
    if (left.size === 0) {
      judge(r);
      continue;
    }
    missing.set(r, left.size);
    for (const id of left) waiting.set(id, [...(waiting.get(id) ?? []), r]);
  }
  const pointStarted = (p: SweepPoint): void => {
    for (const r of waiting.get(p.id) ?? []) {
      if (begun.has(r)) continue;
      begun.add(r);
      opts.onStart?.(r.claim, r.seed, started++, total);
    }
  };
  const pointFinished = (p: SweepPoint, o: PointOutcome): void => {
    if (o.abandoned || known.has(p.id)) return; // a stopped point runs again on resume
    known.set(p.id, o);
    opts.onPoint?.(p, o);
    for (const r of waiting.get(p.id) ?? []) {
      const left = missing.get(r)! - 1;
      missing.set(r, left);
      opts.onProgress?.(r.claim, r.seed, r.points.length - left, r.points.length);
      if (left === 0) judge(r);
    }
  };
  const toRun = points.filter((p) => !known.has(p.id));

  if (opts.inThisThread) {
    const signal = opts.signal ?? new AbortController().signal;
    for (const p of toRun) {
      if (signal.aborted) break;
      const whole = plan.whole.get(p.id);
      if (whole !== undefined) {
        await runClaims(whole, {
          scale, seed: p.seed, signal,
          onClaimStart: (c) => opts.onStart?.(c, p.seed, started++, total),
          onClaimProgress: (c, d, t) => opts.onProgress?.(c, p.seed, d, t),
          onClaimDone: (result) => done({ seed: p.seed, result }, false),
        });
        continue;
      }
      pointStarted(p);
      pointFinished(p, await executePoint(p, signal));
    }
  } else if (toRun.length > 0) {
    const finished = new Map<string, Set<string>>();
    await runOnWorkers(toRun.map(({ index, id, kind, seed, params }) => ({ index, id, kind, seed, params })), {
      workers: Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), toRun.length)),
      modules: [CLAIMS_POINT_MODULE, ...(opts.modules ?? [])],
      signal: opts.signal,
      onStart: (p) => {
        if (!plan.whole.has(p.id)) pointStarted(p);
      },
      onProgress: (p, info) => {
        const m = info as ClaimsProgress;
        if (m.type === 'start') opts.onStart?.(byId.get(m.id)!, p.seed, started++, total);
        else if (m.type === 'progress') opts.onProgress?.(byId.get(m.id)!, p.seed, m.done, m.total);
        else {
          done({ seed: p.seed, result: m.result }, false);
          const f = finished.get(p.id) ?? new Set<string>();
          f.add(m.result.id);
          finished.set(p.id, f);
        }
      },
      onOutcome: (p, outcome) => {
        const whole = plan.whole.get(p.id);
        if (whole === undefined) {
          pointFinished(p, outcome);
          return;
        }
        // A "claims" point that failed in its worker (a crash, out of memory) ends its unfinished claims inconclusive, naming why.
        if (outcome.error === undefined || outcome.abandoned) return;
        for (const c of whole) {
          if (!(finished.get(p.id)?.has(c.id) ?? false)) done({ seed: p.seed, result: notRunResult(c, scale, outcome.error, outcome.seconds, true) }, false);
        }
      },
    });
  }
  return runs.sort((a, b) => claimOrder.get(a.result.id)! - claimOrder.get(b.result.id)! || seedOrder.get(a.seed)! - seedOrder.get(b.seed)!);
}

export interface SeedRunOptions extends SuiteRunOptions {
  scale: Scale;
}

/** Runs units (claim groups at seeds): their plan (planUnits), largest points first. */
export async function runClaimSeeds(units: readonly ClaimUnit[], opts: SeedRunOptions): Promise<SeedRun[]> {
  const plan = planUnits(units, opts.scale);
  const order = costOrder(plan.points.map((p) => p.cost));
  return runSuite({ ...plan, points: order.map((i) => plan.points[i]) }, opts);
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
