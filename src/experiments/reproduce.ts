/**
 * Runs claims and collects their results: each claim gets its own random stream (the run's seed
 * folded with the claim id), its time is measured, and a claim whose experiment throws is reported as
 * inconclusive with the error — one broken experiment never hides the others' verdicts.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { OverparamError } from '../errors.js';
import { Rng } from '../linalg/random/rng.js';
import { experimentText, type Claim, type ClaimResult, type Scale } from './claims/claim.js';
import type { FromClaimWorker, ToClaimWorker } from './claimWorker.js';

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
      experiment: experimentText(claim, opts.scale), falsifier: claim.falsifier ?? '', sizes: claim.sizes?.[opts.scale], statistic: claim.statistic, negativeControl: claim.negativeControl ?? false, scale: opts.scale,
    };
    let result: ClaimResult;
    try {
      const out = await claim.run(
        {
        scale: opts.scale,
        rng: root.fold('claim', claim.id),
        shared: root.fold('paper', claim.paper),
        progress: (d, t) => opts.onClaimProgress?.(claim, d, t),
        signal: opts.signal,
        },
        claim.sizes?.[opts.scale],
      );
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

/**
 * The units of work for the workers: claims with the same Claim.shares key together (in registry order),
 * every other claim alone; the largest groups first, so that the shared experiments start at once.
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

/**
 * Runs claims on `workers` threads (default: every core). Claims that share an experiment (Claim.shares)
 * run together in one worker so that it is computed once, largest groups first; every other claim goes
 * to whichever worker is free; results come back in the order of `claims`. With one
 * worker the claims run in this thread.
 */
export async function runClaimsParallel(claims: readonly Claim[], opts: ReproduceOptions & { workers?: number }): Promise<ClaimResult[]> {
  const groups = claimGroups(claims);
  const workers = Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), groups.length));
  if (workers === 1) return runClaims(claims, opts);
  const byId = new Map(claims.map((c, i) => [c.id, i]));
  const results: ClaimResult[] = [];
  let started = 0;
  const url = new URL('./claimWorker.js', import.meta.url);
  await new Promise<void>((resolve, reject) => {
    let live = workers;
    const pool: Worker[] = [];
    const next = (w: Worker): void => {
      const g = opts.signal?.aborted ? undefined : groups.shift();
      if (!g) {
        void w.terminate();
        if (--live === 0) resolve();
        return;
      }
      w.postMessage({ type: 'run', ids: g.map((c) => c.id), scale: opts.scale, seed: opts.seed } satisfies ToClaimWorker);
    };
    for (let k = 0; k < workers; k++) {
      const w = new Worker(url);
      pool.push(w);
      w.on('message', (m: FromClaimWorker) => {
        if (m.type === 'idle') next(w);
        else if (m.type === 'start') {
          const c = claims[byId.get(m.id)!];
          opts.onClaimStart?.(c, started++, claims.length);
        } else if (m.type === 'progress') opts.onClaimProgress?.(claims[byId.get(m.id)!], m.done, m.total);
        else if (m.type === 'done') {
          results.push(m.result);
          opts.onClaimDone?.(m.result, results.length - 1, claims.length);
        }
      });
      w.on('error', (e) => {
        for (const p of pool) void p.terminate();
        reject(e);
      });
    }
    opts.signal?.addEventListener('abort', () => {
      for (const p of pool) p.postMessage({ type: 'stop' } satisfies ToClaimWorker);
    });
  });
  return results.sort((a, b) => byId.get(a.id)! - byId.get(b.id)!);
}
