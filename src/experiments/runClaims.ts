/**
 * Runs claims one after another in this thread and collects their results: each (claim, seed) gets its
 * own random stream (the seed's root stream folded with the claim id), its time is measured, and a
 * claim whose experiment throws is reported as inconclusive with the error — one broken experiment
 * never hides the others' verdicts. reproduce.ts deals such runs to the runner's worker threads (claimPoints.ts).
 */
import { OverparamError } from '../errors.js';
import { Rng } from '../linalg/random/rng.js';
import { experimentText, type Claim, type ClaimResult, type Scale } from './claims/claim.js';

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

/** Lets the event loop turn, so that a Ctrl-C or a worker's stop message between two claims is seen. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs claims one after another in this thread, at one seed. */
export async function runClaims(claims: readonly Claim[], opts: ReproduceOptions): Promise<ClaimResult[]> {
  const results: ClaimResult[] = [];
  const root = Rng.fromSeed(opts.seed);
  for (let i = 0; i < claims.length; i++) {
    await turn();
    if (opts.signal?.aborted) break;
    const claim = claims[i];
    opts.onClaimStart?.(claim, i, claims.length);
    const t0 = Date.now();
    let result: ClaimResult;
    try {
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
