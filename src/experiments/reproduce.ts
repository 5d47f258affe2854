/**
 * Runs claims and collects their results: each claim gets its own random stream (the run's seed
 * folded with the claim id), its time is measured, and a claim whose experiment throws is reported as
 * inconclusive with the error — one broken experiment never hides the others' verdicts.
 */
import { OverparamError } from '../errors.js';
import { Rng } from '../linalg/random/rng.js';
import type { Claim, ClaimResult, Scale } from './claims/claim.js';

export interface ReproduceOptions {
  scale: Scale;
  seed: number;
  signal?: AbortSignal;
  onClaimStart?: (claim: Claim, index: number, total: number) => void;
  onClaimProgress?: (claim: Claim, done: number, total: number) => void;
  onClaimDone?: (result: ClaimResult, index: number, total: number) => void;
}

export async function runClaims(claims: readonly Claim[], opts: ReproduceOptions): Promise<ClaimResult[]> {
  const results: ClaimResult[] = [];
  const root = Rng.fromSeed(opts.seed);
  for (let i = 0; i < claims.length; i++) {
    if (opts.signal?.aborted) break;
    const claim = claims[i];
    opts.onClaimStart?.(claim, i, claims.length);
    const t0 = Date.now();
    const base = {
      id: claim.id, paper: claim.paper, theorem: claim.theorem, prediction: claim.prediction,
      experiment: claim.experiment, statistic: claim.statistic, negativeControl: claim.negativeControl ?? false, scale: opts.scale,
    };
    let result: ClaimResult;
    try {
      const out = await claim.run({
        scale: opts.scale,
        rng: root.fold('claim', claim.id),
        progress: (d, t) => opts.onClaimProgress?.(claim, d, t),
        signal: opts.signal,
      });
      result = { ...base, ...out, seconds: (Date.now() - t0) / 1000 };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = {
        ...base, verdict: 'inconclusive', value: null, measured: 'the experiment did not run', data: [],
        reason: `${e instanceof OverparamError ? '' : 'internal error: '}${message}`, error: message, seconds: (Date.now() - t0) / 1000,
      };
    }
    results.push(result);
    opts.onClaimDone?.(result, i, claims.length);
  }
  return results;
}
