/**
 * Saved claim results: results.json (versioned) and the JSON Lines of records (results.jsonl: one line
 * per finished (claim, seed) of a claim without a plan, and per point of the planned claims, whose
 * verdicts are rebuilt from their points here — or merged shards of them).
 *
 *   overparam-results/2  meta.seeds; each result is aggregated over its seeds (seedVerdicts.ts) and
 *                        carries `seeds` (per-seed verdict, value, measured, reason, seconds) and
 *                        `dataSeed` (the seed whose figure, data and plot it shows);
 *   overparam-results/1  one seed (meta.seed), read as /2 with that single seed.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { ALL_CLAIMS } from '../claims/index.js';
import { pointId } from '../runner/pointId.js';
import { dedupeRecords, readResultsFile, type LocatedRecord, type PointRecord, type ResultsFile } from '../runner/records.js';
import type { Shard } from '../runner/shard.js';
import type { JsonObject } from '../runner/json.js';
import { aggregateClaim, aggregateSeedRuns, type SeededClaimResult, type SeedRun } from '../seedVerdicts.js';
import { judgePlanned, plannedPoints } from '../runClaims.js';
import type { Claim, Scale } from '../claims/claim.js';
import { readTextInput } from '../../io/files.js';
import { parseJsonText } from '../../io/jsonText.js';
import { checkClaimParams, checkClaimResult, checkMeta, checkResults, checkSeededResult, isObject, Place, type ResultsMeta } from './schema.js';

export type { ResultsMeta } from './schema.js';

export const RESULTS_FORMAT = 'overparam-results/2';
const FORMAT_V1 = 'overparam-results/1';

export interface SavedResults {
  format: typeof RESULTS_FORMAT;
  meta: ResultsMeta;
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

/**
 * The claim runs in records of kind "claim" (others are skipped), each checked against the schema
 * (schema.ts; errors name file:line and the field); lines of earlier versions keep their time in
 * the result. Two lines of one (claim, scale, seed) that say the same are one run; that differ, an error.
 */
export function claimRuns(entries: readonly LocatedRecord[]): { run: SeedRun; scale: string }[] {
  const claims = entries.filter((e) => e.record.kind === 'claim');
  const { records } = dedupeRecords(claims);
  return [...records.values()]
    .filter((e) => e.record.result !== undefined)
    .map((e) => {
      const where = `${e.file}:${e.line}`;
      const params = checkClaimParams(e.record.params, new Place(where, 'params'));
      const result = checkClaimResult(e.record.result, new Place(where, 'result'), { secondsOptional: true });
      if (result.id !== params.claim) throw new ConfigError(`${where}: result.id ${JSON.stringify(result.id)} is not the record's params.claim ${JSON.stringify(params.claim)}`);
      if (result.scale !== params.scale) throw new ConfigError(`${where}: result.scale ${JSON.stringify(result.scale)} is not the record's params.scale ${JSON.stringify(params.scale)}`);
      return { run: { seed: params.seed, result: { ...result, seconds: typeof result.seconds === 'number' ? result.seconds : e.record.seconds } }, scale: params.scale };
    });
}

const REGISTRY_ORDER = ALL_CLAIMS.map((c) => c.id);

/**
 * The record kind that says a planned claim runs at a scale and seed: `reproduce` writes one for each
 * planned run with points in its shard, beside the points. The points alone cannot say it — the quick
 * plan's points can be a subset of the full plan's — and a sweep of the same kinds is no claim run.
 */
export const PLAN_KIND = 'claim-plan';

/** The record of a planned claim's run at a scale and seed (its result counts the run's points). */
export function planRecord(claim: Claim, scale: Scale, seed: number, shard: Shard): PointRecord {
  const params = { claim: claim.id, scale, seed };
  return { id: pointId(PLAN_KIND, params), kind: PLAN_KIND, params, result: { points: plannedPoints(claim, scale, seed).length }, seconds: 0, shard };
}

/** The planned claims' runs the records make up, and those some of whose points are missing. */
export interface PlannedFromRecords {
  runs: { run: SeedRun; scale: Scale }[];
  /** "du2019.gram-stability at seed 1 (quick): 12 of 30 points" for each run missing points. */
  incomplete: string[];
}

/**
 * The planned runs of the records, judged on their points: every run with a plan record (PLAN_KIND) whose
 * points are all there, by the claim's judge (runClaims.ts judgePlanned), so merged shards give the verdicts,
 * figures and data of one unsharded run exactly. A plan record naming no planned claim is an error naming
 * the file and line.
 */
export function plannedRuns(entries: readonly LocatedRecord[], claims: readonly Claim[] = ALL_CLAIMS): PlannedFromRecords {
  const runs: { run: SeedRun; scale: Scale }[] = [];
  const incomplete: string[] = [];
  const plans = [...dedupeRecords(entries.filter((e) => e.record.kind === PLAN_KIND)).records.values()];
  if (plans.length === 0) return { runs, incomplete };
  const points = dedupeRecords(entries.filter((e) => e.record.kind !== 'claim' && e.record.kind !== PLAN_KIND)).records;
  for (const e of plans) {
    const where = `${e.file}:${e.line}`;
    const { claim: id, scale, seed } = checkClaimParams(e.record.params, new Place(where, 'params'));
    const claim = claims.find((c) => c.id === id);
    if (claim?.plan === undefined) throw new ConfigError(`${where}: params.claim ${JSON.stringify(id)} names no claim with a plan`);
    const ps = plannedPoints(claim, scale, seed);
    const found = ps.map((p) => points.get(p.id)?.record);
    const have = found.filter((r) => r !== undefined).length;
    if (have < ps.length) {
      incomplete.push(`${claim.id} at seed ${seed} (${scale}): ${have} of ${ps.length} points`);
      continue;
    }
    const outcomes = found.map((r) => ({ ...(r!.result !== undefined ? { result: r!.result } : { error: r!.error }), seconds: r!.seconds }));
    runs.push({ run: { seed, result: judgePlanned(claim, scale, seed, outcomes) }, scale });
  }
  return { runs, incomplete };
}

/** Whether a records file holds claim results: claim records, or the plan records of planned claims. */
export function holdsClaimResults(entries: readonly LocatedRecord[]): boolean {
  return entries.some((e) => e.record.kind === 'claim' || e.record.kind === PLAN_KIND);
}

/** Says what was skipped while reading (a cut-short last line); the report command prints it on stderr. */
export type ReadWarning = (message: string) => void;

function fromJsonLines(file: string, warn: ReadWarning): SavedResults {
  return savedFromRecords(readResultsFile(file, { mustExist: true, reader: 'report' }), warn);
}

/** The claim results in a JSON Lines file already read (claim records; others are skipped). */
export function savedFromRecords(read: ResultsFile, warn: ReadWarning = printNotice): SavedResults {
  const file = read.file;
  if (read.truncated !== undefined) warn(`${file}:${read.truncated.line}: last line cut short (a crashed run?); ignored`);
  const planned = plannedRuns(read.entries);
  const runs = [...claimRuns(read.entries), ...planned.runs];
  if (planned.incomplete.length > 0) {
    const n = planned.incomplete.length;
    warn(`${file}: ${n} (claim, seed) run${n === 1 ? '' : 's'} not judged, missing points (merge every shard's results.jsonl): ${planned.incomplete.slice(0, 3).join('; ')}${n > 3 ? '; …' : ''}`);
  }
  if (runs.length === 0) throw new ConfigError(`${file} holds no claim results (lines of kind "claim", or the points of a planned claim)`);
  const scales = [...new Set(runs.map((r) => r.scale))];
  if (scales.length > 1) throw new ConfigError(`${file} holds claim results at ${scales.join(' and ')} scale; give results of one scale`);
  const seeds = [...new Set(runs.map((r) => r.run.seed))].sort((a, b) => a - b);
  const results = aggregateSeedRuns(runs.map((r) => r.run), REGISTRY_ORDER);
  return { format: RESULTS_FORMAT, meta: { generated: new Date().toISOString(), scale: scales[0], seeds, command: `merged from ${file}` }, results };
}

/** A /1 file as /2: every result at the run's one seed. */
function upgradeV1(v: Record<string, unknown>, file: string): SavedResults {
  const top = new Place(file);
  const meta = checkMeta(v['meta'], top.at('meta'), true);
  const seed = meta.seed as number;
  const results = checkResults(v['results'], top.at('results'), (r, at) => aggregateClaim([{ seed, result: checkClaimResult(r, at) }]));
  const { seed: _seed, ...rest } = meta;
  return { format: RESULTS_FORMAT, meta: { ...rest, seeds: [seed] }, results };
}

const printNotice: ReadWarning = (m) => process.stderr.write(`overparam: ${m}\n`);

/**
 * Claim results kept in a results file (JSON from reproduce, either format, or JSON Lines of claim
 * records, e.g. merged shards), checked field by field (schema.ts). A UTF-8 byte-order mark is
 * accepted; a folder, a missing or empty file, or any field of the wrong type is a ConfigError naming it.
 */
export function readSavedResults(file: string, warn: ReadWarning = printNotice): SavedResults {
  if (file.endsWith('.jsonl')) return fromJsonLines(file, warn);
  if (!existsSync(file)) throw new ConfigError(`results file ${file} does not exist (run \`overparam reproduce\` first, or give the path to its results.json)`);
  const text = readTextInput(file, 'results file');
  if (text.trim() === '') throw new ConfigError(`results file ${file} is empty (a run that did not finish writing it?)`);
  const v = parseJsonText(text, file);
  if (Array.isArray(v)) throw new ConfigError(`${file} holds a JSON array; a results file is one JSON object {"format": "${RESULTS_FORMAT}", "meta", "results"}`);
  if (!isObject(v) || (v['format'] !== RESULTS_FORMAT && v['format'] !== FORMAT_V1)) {
    throw new ConfigError(`${file} is not a results file written by overparam reproduce (format "${RESULTS_FORMAT}" or "${FORMAT_V1}")`);
  }
  if (v['format'] === FORMAT_V1) return upgradeV1(v, file);
  const top = new Place(file);
  const meta = checkMeta(v['meta'], top.at('meta'));
  const results = checkResults(v['results'], top.at('results'), checkSeededResult);
  return { format: RESULTS_FORMAT, meta, results };
}
