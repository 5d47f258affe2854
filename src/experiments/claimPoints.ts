/**
 * Claims without a plan as points of the runner (runner/pool.ts), so that `overparam reproduce` runs them
 * on the one worker pool the sweeps use. A point of kind "claims" is claims at one seed:
 * { claims: [ids], scale, seed } (one claim, as reproduce plans it). It runs the claims one after
 * another in its worker (runClaims.ts) and reports each claim's
 * start, progress and result through ctx.progress as they happen, so a stopped run keeps every claim
 * that finished; its own result only counts them. Every worker imports this module for the kind.
 */
import { ConfigError } from '../errors.js';
import { ALL_CLAIMS } from './claims/index.js';
import type { ClaimResult, Scale } from './claims/claim.js';
import { registerPointKind, type PointContext, type PointParams } from './runner/registry.js';
import { runClaims } from './runClaims.js';
import { expectedSeconds } from './expectedSeconds.js';

export const CLAIMS_POINT_KIND = 'claims';

/** The module URL workers import for the kind. */
export const CLAIMS_POINT_MODULE = new URL('./claimPoints.js', import.meta.url).href;

/** What a "claims" point reports while it runs. */
export type ClaimsProgress =
  | { type: 'start'; id: string }
  | { type: 'progress'; id: string; done: number; total: number }
  | { type: 'done'; result: ClaimResult };

async function claimsPoint(params: PointParams, ctx: PointContext): Promise<Record<string, unknown>> {
  const ids = params['claims'];
  const scale = params['scale'];
  if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string')) throw new ConfigError('a "claims" point needs params.claims: a list of claim ids');
  if (scale !== 'quick' && scale !== 'full') throw new ConfigError('a "claims" point needs params.scale: "quick" or "full"');
  const claims = ids.map((id) => {
    const c = ALL_CLAIMS.find((k) => k.id === id);
    if (c === undefined) throw new ConfigError(`a "claims" point names the unknown claim ${JSON.stringify(id)}`);
    return c;
  });
  const report = (m: ClaimsProgress): void => ctx.progress?.(m);
  const results = await runClaims(claims, {
    scale: scale as Scale, seed: ctx.seed, signal: ctx.signal,
    onClaimStart: (c) => report({ type: 'start', id: c.id }),
    onClaimProgress: (c, done, total) => report({ type: 'progress', id: c.id, done, total }),
    onClaimDone: (result) => report({ type: 'done', result }),
  });
  return { finished: results.length };
}

registerPointKind(CLAIMS_POINT_KIND, claimsPoint, {
  summary: "claims without a plan at one seed (what `overparam reproduce` runs of them): the claims' results come through progress",
  params: [
    { name: 'claims', type: 'list of claim ids', required: true, doc: 'claims without a plan, run in this order' },
    { name: 'scale', type: 'one of quick, full', required: true, doc: 'the sizes the claims run at' },
    { name: 'seed', type: 'integer ≥ 0', required: true, doc: "the run's seed (each claim folds in its id)" },
  ],
  result: { finished: 'how many of the claims finished' },
  cost: (p) => (Array.isArray(p['claims']) ? p['claims'] : []).reduce<number>((t, id) => t + expectedSeconds(String(id), p['scale'] === 'full' ? 'full' : 'quick'), 0),
});
