/**
 * Seed-robust verdicts: a claim run at k seeds (independent random streams) gets one verdict from its k
 * per-seed verdicts.
 *
 *   holds         the claim's statistic holds at every seed;
 *   fails         F of the k seeds fail, and F false failures are not explained by chance:
 *                 P(Bin(k, 0.05) ≥ F) < 0.01 — each seed's statistic is a 95% one, so a true claim
 *                 still fails at a seed with probability (at most) 5%, independently across seeds;
 *   inconclusive  otherwise (some seeds fail, but chance explains that many; or a seed is
 *                 inconclusive, e.g. its run errored).
 *
 * With one seed the verdict is that seed's own. The smallest F that fails (failsNeeded) is 2 for k = 2
 * and 3, 3 for k = 4…9, 4 for k = 10…17.
 */
import type { ClaimResult } from './claims/claim.js';
import type { Verdict } from './statistics.js';

/** The rate at which a seed's 95% statistic fails a true claim. */
export const PER_SEED_FALSE_FAILURE = 0.05;
/** A count of failing seeds less likely than this under chance alone makes the claim fail. */
export const FAILURE_LEVEL = 0.01;

/**
 * P(Bin(k, p) ≥ f), summed term by term from the exact probabilities C(k, j)·p^j·(1 − p)^(k − j)
 * (no normal or Poisson approximation; no 1 − P(< f) cancellation).
 */
export function binomialTail(k: number, f: number, p = PER_SEED_FALSE_FAILURE): number {
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`binomialTail: k must be an integer ≥ 0; got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialTail: p must lie in [0, 1]; got ${p}`);
  if (f <= 0) return 1;
  if (f > k) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  // pmf(j) = C(k, j) p^j q^(k−j), from log C(k, f) by the ratio pmf(j+1)/pmf(j) = (k−j)/(j+1) · p/q.
  let logTerm = f * Math.log(p) + (k - f) * Math.log1p(-p);
  for (let j = 0; j < f; j++) logTerm += Math.log(k - j) - Math.log(j + 1);
  let term = Math.exp(logTerm);
  let sum = 0;
  for (let j = f; j <= k; j++) {
    sum += term;
    term *= ((k - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.min(1, sum);
}

/** The smallest number of failing seeds out of k that makes the claim fail (k = 1: the seed's own verdict, so 1). */
export function failsNeeded(k: number): number {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`failsNeeded: k must be an integer ≥ 1; got ${k}`);
  if (k === 1) return 1;
  for (let f = 1; f <= k; f++) if (binomialTail(k, f) < FAILURE_LEVEL) return f;
  return Infinity; // not reached: P(Bin(k, 0.05) ≥ k) = 0.05^k < 0.01 for every k ≥ 2
}

/** One seed's verdict, as the rule sees it. */
export interface SeedVerdict {
  seed: number;
  verdict: Verdict;
  /** Set when the seed's run errored (its verdict is then inconclusive). */
  error?: string;
}

export interface SeedsJudgement {
  verdict: Verdict;
  /** One sentence: why this verdict. */
  reason: string;
  /** The number of failing seeds. */
  failing: number;
  /** P(Bin(k, 0.05) ≥ failing), or null with no failing seed or a single seed. */
  p: number | null;
}

function seedList(seeds: readonly SeedVerdict[]): string {
  return `${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.map((s) => s.seed).join(', ')}`;
}

function formatP(p: number): string {
  return p.toPrecision(2);
}

/** The verdict of a claim from its per-seed verdicts (the rule above); `ownReason` is a single seed's reason. */
export function judgeSeeds(seeds: readonly SeedVerdict[], ownReason = ''): SeedsJudgement {
  const k = seeds.length;
  if (k === 0) throw new RangeError('judgeSeeds: no seeds');
  const failing = seeds.filter((s) => s.verdict === 'fails');
  const unsure = seeds.filter((s) => s.verdict === 'inconclusive');
  const errored = seeds.filter((s) => s.error !== undefined);
  const F = failing.length;
  if (k === 1) return { verdict: seeds[0].verdict, reason: ownReason, failing: F, p: null };
  if (F === 0 && unsure.length === 0) return { verdict: 'holds', reason: `holds at ${k === 2 ? 'both' : `all ${k}`} seeds`, failing: 0, p: null };
  const didNotRun = errored.length > 0 ? `; ${seedList(errored)} did not run` : '';
  if (F === 0) {
    return { verdict: 'inconclusive', reason: `inconclusive at ${unsure.length} of ${k} seeds (${seedList(unsure)})${didNotRun}; holds at the others`, failing: 0, p: null };
  }
  const p = binomialTail(k, F);
  const counted = `${F} of ${k} seeds ${F === 1 ? 'fails' : 'fail'} (${seedList(failing)})`;
  if (p < FAILURE_LEVEL) {
    return { verdict: 'fails', reason: `${counted}, more than chance explains (p = ${formatP(p)} < ${FAILURE_LEVEL} for false failures at ${PER_SEED_FALSE_FAILURE * 100}% a seed)`, failing: F, p };
  }
  const also = unsure.length > 0 ? `; inconclusive at ${seedList(unsure)}${didNotRun}` : '';
  return { verdict: 'inconclusive', reason: `${counted}, which chance explains (p = ${formatP(p)}; ${failsNeeded(k)} of ${k} would fail the claim)${also}`, failing: F, p };
}

/** A claim's outcome at one seed, as kept beside the aggregated verdict. */
export interface SeedOutcome {
  seed: number;
  verdict: Verdict;
  value: number | null;
  measured: string;
  reason: string;
  seconds: number;
  /** Set when the seed's run errored. */
  error?: string;
}

/**
 * A claim's result over its seeds: the verdict, reason and seconds (summed) are the seeds' together;
 * the measured figure, value, data and plot are those of one seed, `dataSeed`.
 */
export interface SeededClaimResult extends ClaimResult {
  seeds: SeedOutcome[];
  dataSeed: number;
}

/** One claim's result at one seed. */
export interface SeedRun {
  seed: number;
  result: ClaimResult;
}

export function seedOutcome(run: SeedRun): SeedOutcome {
  const r = run.result;
  return { seed: run.seed, verdict: r.verdict, value: r.value, measured: r.measured, reason: r.reason, seconds: r.seconds, ...(r.error !== undefined ? { error: r.error } : {}) };
}

/**
 * The seed whose figure and plot represent the claim: the first (lowest) seed that ran and agrees with
 * the aggregated verdict, else the first failing one, else the first that ran, else the first.
 */
function representative(runs: readonly SeedRun[], verdict: Verdict): SeedRun {
  const ran = runs.filter((r) => r.result.error === undefined);
  return ran.find((r) => r.result.verdict === verdict) ?? ran.find((r) => r.result.verdict === 'fails') ?? ran[0] ?? runs[0];
}

/** One claim's runs at several seeds (any order, each seed once) as one result. */
export function aggregateClaim(runs: readonly SeedRun[]): SeededClaimResult {
  if (runs.length === 0) throw new RangeError('aggregateClaim: no runs');
  const sorted = [...runs].sort((a, b) => a.seed - b.seed);
  const id = sorted[0].result.id;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].result.id !== id) throw new RangeError(`aggregateClaim: runs of ${id} and ${sorted[i].result.id} mixed`);
    if (i > 0 && sorted[i].seed === sorted[i - 1].seed) throw new RangeError(`aggregateClaim: ${id} has two runs at seed ${sorted[i].seed}`);
  }
  const seeds = sorted.map(seedOutcome);
  const j = judgeSeeds(seeds, sorted[0].result.reason);
  const shown = representative(sorted, j.verdict);
  const seconds = seeds.reduce((t, s) => t + s.seconds, 0);
  const { error: _error, ...rest } = shown.result;
  const error = sorted.length === 1 ? sorted[0].result.error : undefined;
  return { ...rest, verdict: j.verdict, reason: j.reason, seconds, ...(error !== undefined ? { error } : {}), seeds, dataSeed: shown.seed };
}

/**
 * Runs of many claims and seeds as one result per claim: in the order of `order` (claim ids) where
 * given, claims not in it after, in order of first appearance.
 */
export function aggregateSeedRuns(runs: readonly SeedRun[], order: readonly string[] = []): SeededClaimResult[] {
  const byClaim = new Map<string, SeedRun[]>();
  for (const id of order) byClaim.set(id, []);
  for (const r of runs) {
    const list = byClaim.get(r.result.id);
    if (list) list.push(r);
    else byClaim.set(r.result.id, [r]);
  }
  return [...byClaim.values()].filter((rs) => rs.length > 0).map(aggregateClaim);
}

/** A verdict as one letter, for per-seed columns: H, F or I. */
export function verdictLetter(v: Verdict): string {
  return v === 'holds' ? 'H' : v === 'fails' ? 'F' : 'I';
}
