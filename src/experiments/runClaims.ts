/**
 * Runs claims one after another in this thread and collects their results: each (claim, seed) gets its
 * own random stream (the seed's root stream folded with the claim id), its time is measured, and a
 * claim whose experiment throws is reported as inconclusive with the error — one broken experiment
 * never hides the others' verdicts. reproduce.ts deals such runs to the runner's worker threads (claimPoints.ts).
 *
 * A claim with a plan (Claim.plan) runs as its points (runner/execute.ts, as a worker would run them, each
 * computed once however many of the claims need it) and is then judged on their results (judgePlanned).
 */
import { OverparamError } from '../errors.js';
import { Rng } from '../linalg/random/rng.js';
import { experimentText, type Claim, type ClaimResult, type Scale } from './claims/claim.js';
import { errorMessage, executePoint, type PointOutcome } from './runner/execute.js';
import type { JsonObject } from './runner/json.js';
import { pointId } from './runner/pointId.js';
import type { SweepPoint } from './runner/points.js';

export interface ReproduceOptions {
  scale: Scale;
  seed: number;
  /**
   * Stops the run before its next claim. A claim already running runs to its end (a claim cut short
   * would record a truncated measurement as its result), so nothing finished is lost.
   */
  signal?: AbortSignal;
  onClaimStart?: (claim: Claim, index: number, total: number) => void;
  onClaimProgress?: (claim: Claim, done: number, total: number) => void;
  onClaimDone?: (result: ClaimResult, index: number, total: number) => void;
}

/** What a result says of the claim itself, at the scale it ran. */
function describeClaim(claim: Claim, scale: Scale): Omit<ClaimResult, 'verdict' | 'value' | 'reason' | 'measured' | 'data' | 'seconds'> {
  return {
    id: claim.id, paper: claim.paper, theorem: claim.theorem, prediction: claim.prediction,
    experiment: experimentText(claim, scale), falsifier: claim.falsifier, sizes: claim.sizes[scale], statistic: claim.statistic, negativeControl: claim.negativeControl ?? false, scale,
  };
}

/** The result of a claim whose experiment did not run to its end: inconclusive, with why. */
export function notRunResult(claim: Claim, scale: Scale, message: string, seconds: number, internal: boolean): ClaimResult {
  return {
    ...describeClaim(claim, scale), verdict: 'inconclusive', value: null, measured: 'the experiment did not run', data: [],
    reason: `${internal ? 'internal error: ' : ''}${message}`, error: message, seconds,
  };
}

/**
 * The points of a planned claim at one seed, as runner points in the plan's order: the plan's parameters
 * with the run's seed as params.seed (a point's seed, runner/points.ts).
 */
export function plannedPoints(claim: Claim, scale: Scale, seed: number): SweepPoint[] {
  if (claim.plan === undefined) throw new OverparamError(`claim ${claim.id} has no plan`);
  return claim.plan.points(claim.sizes[scale]).map((r, index) => {
    const params: JsonObject = { ...r.params, seed };
    return { index, id: pointId(r.kind, params), kind: r.kind, seed, params };
  });
}

/** What judging needs of a point: its result or why it failed, and its time. */
export type PointResultOf = Pick<PointOutcome, 'result' | 'error' | 'seconds'>;

/**
 * A planned claim's result at one seed from the outcomes of its points (in plannedPoints order): its
 * judge on the results, with the claim's stream as a run's (so the bootstrap draws as before), and the
 * points' seconds as its time. A point that failed makes the claim inconclusive, naming the point; a judge
 * that throws, an internal error.
 */
export function judgePlanned(claim: Claim, scale: Scale, seed: number, outcomes: readonly PointResultOf[]): ClaimResult {
  const pointSeconds = outcomes.reduce((t, o) => t + o.seconds, 0);
  const failed = outcomes.findIndex((o) => o.result === undefined);
  if (failed >= 0) {
    const p = plannedPoints(claim, scale, seed)[failed];
    return notRunResult(claim, scale, `its point ${failed} (${p.kind} ${p.id}) failed: ${outcomes[failed].error ?? 'no result'}`, pointSeconds, false);
  }
  const t0 = Date.now();
  try {
    const out = claim.plan!.judge(outcomes.map((o) => o.result!), claim.sizes[scale], { scale, seed, rng: Rng.fromSeed(seed).fold('claim', claim.id) });
    return { ...describeClaim(claim, scale), ...out, seconds: pointSeconds + (Date.now() - t0) / 1000 };
  } catch (e) {
    return notRunResult(claim, scale, errorMessage(e), pointSeconds + (Date.now() - t0) / 1000, !(e instanceof OverparamError));
  }
}

/** Lets the event loop turn, so that a Ctrl-C or a worker's stop message between two claims is seen. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs claims one after another in this thread, at one seed. */
export async function runClaims(claims: readonly Claim[], opts: ReproduceOptions): Promise<ClaimResult[]> {
  const results: ClaimResult[] = [];
  const root = Rng.fromSeed(opts.seed);
  const computed = new Map<string, PointOutcome>();
  const signal = opts.signal ?? new AbortController().signal;
  for (let i = 0; i < claims.length; i++) {
    await turn();
    if (opts.signal?.aborted) break;
    const claim = claims[i];
    opts.onClaimStart?.(claim, i, claims.length);
    if (claim.plan !== undefined) {
      const points = plannedPoints(claim, opts.scale, opts.seed);
      const outcomes: PointOutcome[] = [];
      for (const p of points) {
        const o = computed.get(p.id) ?? (await executePoint(p, signal));
        if (o.abandoned) break; // stopped: the claim did not finish
        computed.set(p.id, o);
        outcomes.push(o);
        opts.onClaimProgress?.(claim, outcomes.length, points.length);
      }
      if (outcomes.length < points.length) break;
      const result = judgePlanned(claim, opts.scale, opts.seed, outcomes);
      results.push(result);
      opts.onClaimDone?.(result, i, claims.length);
      continue;
    }
    const t0 = Date.now();
    let result: ClaimResult;
    try {
      if (claim.run === undefined) throw new OverparamError(`claim ${claim.id} has neither a plan nor a run`);
      const out = await claim.run(
        {
          scale: opts.scale,
          rng: root.fold('claim', claim.id),
          shared: root.fold('paper', claim.paper),
          progress: (d, t) => opts.onClaimProgress?.(claim, d, t),
        },
        claim.sizes[opts.scale],
      );
      result = { ...describeClaim(claim, opts.scale), ...out, seconds: (Date.now() - t0) / 1000 };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = notRunResult(claim, opts.scale, message, (Date.now() - t0) / 1000, !(e instanceof OverparamError));
    }
    results.push(result);
    opts.onClaimDone?.(result, i, claims.length);
  }
  return results;
}
