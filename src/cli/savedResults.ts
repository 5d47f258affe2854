/**
 * Saved claim results: results.json (versioned) and the JSON Lines of claim records (results.jsonl,
 * one line per finished (claim, seed), or merged shards of them).
 *
 *   overparam-results/2  meta.seeds; each result is aggregated over its seeds (seedVerdicts.ts) and
 *                        carries `seeds` (per-seed verdict, value, measured, reason, seconds) and
 *                        `dataSeed` (the seed whose figure, data and plot it shows);
 *   overparam-results/1  one seed (meta.seed), read as /2 with that single seed.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { ClaimResult } from '../experiments/claims/claim.js';
import { ALL_CLAIMS } from '../experiments/claims/index.js';
import { pointId } from '../experiments/runner/pointId.js';
import { readResultsFile, type PointRecord } from '../experiments/runner/records.js';
import type { Shard } from '../experiments/runner/shard.js';
import type { JsonObject } from '../experiments/runner/json.js';
import { aggregateClaim, aggregateSeedRuns, type SeededClaimResult, type SeedRun } from '../experiments/seedVerdicts.js';
import type { ReportMeta } from '../report/html.js';
import { parseJsonText } from './inputs.js';

export const RESULTS_FORMAT = 'overparam-results/2';
const FORMAT_V1 = 'overparam-results/1';

export interface SavedResults {
  format: typeof RESULTS_FORMAT;
  meta: ReportMeta;
  results: SeededClaimResult[];
}

/**
 * A claim's result at one seed as a sweep-runner record (kind "claim"), so shards merge with
 * `overparam merge`. Its time goes in the record's `seconds`, not in the result, so that two runs of one
 * (claim, seed) that measured the same are duplicates rather than conflicting results.
 */
export function claimRecord(run: SeedRun, shard: Shard): PointRecord {
  const { seconds, ...r } = run.result;
  const params = { claim: r.id, scale: r.scale, seed: run.seed };
  return { id: pointId('claim', params), kind: 'claim', params, result: JSON.parse(JSON.stringify(r)) as JsonObject, seconds, shard };
}

/** The claim runs in records of kind "claim" (others are skipped); lines of earlier versions keep their time in the result. */
export function claimRuns(records: readonly PointRecord[]): { run: SeedRun; scale: string }[] {
  return records
    .filter((r) => r.kind === 'claim' && r.result !== undefined)
    .map((r) => {
      const result = r.result as unknown as ClaimResult;
      return { run: { seed: Number(r.params['seed']), result: { ...result, seconds: typeof result.seconds === 'number' ? result.seconds : r.seconds } }, scale: String(r.params['scale']) };
    });
}

const REGISTRY_ORDER = ALL_CLAIMS.map((c) => c.id);

function fromJsonLines(file: string): SavedResults {
  const runs = claimRuns(readResultsFile(file).entries.map((e) => e.record));
  if (runs.length === 0) throw new ConfigError(`${file} holds no claim results (lines of kind "claim")`);
  const scales = [...new Set(runs.map((r) => r.scale))];
  if (scales.length > 1) throw new ConfigError(`${file} holds claim results at ${scales.join(' and ')} scale; give results of one scale`);
  const seeds = [...new Set(runs.map((r) => r.run.seed))].sort((a, b) => a - b);
  const results = aggregateSeedRuns(runs.map((r) => r.run), REGISTRY_ORDER);
  return { format: RESULTS_FORMAT, meta: { generated: new Date().toISOString(), scale: scales[0], seeds, command: `merged from ${file}` }, results };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A /1 file as /2: every result at the run's one seed. */
function upgradeV1(v: Record<string, unknown>, file: string): SavedResults {
  const meta = isObject(v['meta']) ? v['meta'] : {};
  const seed = meta['seed'];
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) throw new ConfigError(`${file}: "meta.seed" must be an integer ≥ 0 in an ${FORMAT_V1} file; got ${JSON.stringify(seed)}`);
  const results = (v['results'] as ClaimResult[]).map((r) => aggregateClaim([{ seed: seed as number, result: r }]));
  const { seed: _seed, ...rest } = meta as unknown as ReportMeta & { seed: number };
  return { format: RESULTS_FORMAT, meta: { ...rest, seeds: [seed as number] }, results };
}

/** Claim results kept in a results file (JSON from reproduce, either format, or JSON Lines of claim records, e.g. merged shards). */
export function readSavedResults(file: string): SavedResults {
  if (file.endsWith('.jsonl')) return fromJsonLines(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read ${file} (run \`overparam reproduce\` first, or give the path to its results.json)`);
  }
  const v = parseJsonText(text, file);
  if (!isObject(v) || (v['format'] !== RESULTS_FORMAT && v['format'] !== FORMAT_V1) || !Array.isArray(v['results'])) {
    throw new ConfigError(`${file} is not a results file written by overparam reproduce (format "${RESULTS_FORMAT}" or "${FORMAT_V1}")`);
  }
  if (v['format'] === FORMAT_V1) return upgradeV1(v, file);
  const saved = v as unknown as SavedResults;
  if (!isObject(saved.meta) || !Array.isArray(saved.meta.seeds) || !saved.results.every((r) => isObject(r) && Array.isArray(r.seeds))) {
    throw new ConfigError(`${file}: an ${RESULTS_FORMAT} file needs "meta.seeds" and a "seeds" array in every result`);
  }
  return saved;
}
