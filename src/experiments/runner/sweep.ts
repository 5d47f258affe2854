/**
 * runSweep: run the points of one shard of an experiment, appending each finished point to a JSON Lines
 * file as soon as it finishes, and resuming from that file.
 *
 * - Resume: the points whose ids are already in `out` are skipped (failed ones too, unless
 *   `retryErrors`). A last line cut short by a crash is cut off (onRepair says so) and the failed
 *   records being retried are dropped (the file is rewritten atomically) before anything is appended,
 *   so the file always holds one well-formed line per point.
 * - Workers: `workers` threads (default os.availableParallelism()) each import `modules` (and the spec's
 *   modules) and take points one at a time. `workers: 1` runs the points in this thread, one after the
 *   other (then a stop request is seen between points only, unless the point itself awaits).
 * - Randomness: a point's streams depend only on its seed, kind and id (registry.ts PointContext), so
 *   results do not depend on the worker, the order, or the shard.
 * - Stopping: when `signal` aborts, no new point starts; running points may finish and are recorded,
 *   or, if they observe ctx.signal and throw, are abandoned (not recorded; they run on resume). The
 *   call then resolves with `interrupted: true` and the points not done in `missing`.
 * - A point that throws is recorded with `error` (its message) and reported through onProgress and the
 *   summary; the sweep goes on.
 */
import { availableParallelism } from 'node:os';
import { closeSync, openSync, writeSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { cutTornTail, prepareOutputFile, withFsErrors } from '../../io/files.js';
import { executePoint, type PointOutcome } from './execute.js';
import { loadPointModules } from './modules.js';
import { expandPoints, type SweepPoint } from './points.js';
import { runOnWorkers } from './pool.js';
import { dedupeRecords, isRecordLine, readResultsFile, recordLine, writeResultsFile, type PointRecord } from './records.js';
import { pointKind, pointKindDescriptor } from './registry.js';
import { formatShard, inShard, WHOLE, type Shard } from './shard.js';
import { moduleUrl, toParsedSpec, type ExperimentSpec, type ParsedExperimentSpec } from './spec.js';

export interface SweepProgress {
  /** Points of the shard with a record (resumed + finished now). */
  done: number;
  /** Points in the shard. */
  total: number;
  /** Points run (finished) in this call. */
  ran: number;
  /** Failed records among the done ones. */
  errors: number;
  /** The record just written. */
  record: PointRecord;
}

export interface SweepOptions {
  /** The results file (JSON Lines); created if missing, resumed if present. */
  out: string;
  /** Worker threads (default: os.availableParallelism()); 1 runs the points in this thread. */
  workers?: number;
  /** The shard to run (default: the whole experiment, 0/1). */
  shard?: Shard;
  /** Modules (paths or file URLs) that register point kinds, imported here and in every worker. */
  modules?: readonly string[];
  /** Run again the points whose record in `out` is an error. */
  retryErrors?: boolean;
  onProgress?: (p: SweepProgress) => void;
  /** Called once, before any point runs, when a cut-short last line (what a kill leaves) was dropped from `out`. */
  onRepair?: (r: { file: string; line: number }) => void;
  /** Stop handing out points (see the file comment). */
  signal?: AbortSignal;
}

export interface SweepSummary {
  name: string;
  shard: Shard;
  /** The records of the shard's points (old and new), in point order. */
  records: PointRecord[];
  /** The shard's points. */
  total: number;
  /** Records that were already in `out`. */
  resumed: number;
  /** Points run in this call. */
  ran: number;
  /** Failed records among `records`. */
  errors: PointRecord[];
  /** Points without a record (non-empty only when interrupted). */
  missing: SweepPoint[];
  interrupted: boolean;
  /** Records in `out` that are not points of this shard (another spec or shard); kept in the file. */
  foreign: number;
  /** A line cut short by a crash that was dropped from `out`. */
  repaired?: { line: number };
  workers: number;
}

/** The default worker count: every core this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The points of a shard, in point order. */
export function shardPoints(spec: ParsedExperimentSpec, shard: Shard): SweepPoint[] {
  return expandPoints(spec).filter((p) => inShard(p.index, shard));
}

/**
 * Checks every point's parameters with its kind's `validate` (registry.ts), before any point runs: a
 * malformed parameter is one ConfigError naming the point and the field, not a failed record per point.
 */
export function validatePoints(kind: string, points: readonly SweepPoint[]): void {
  const validate = pointKindDescriptor(kind)?.validate;
  if (validate === undefined) return;
  for (const p of points) {
    try {
      validate(p.params);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`point ${p.index} (${p.id}) of kind "${kind}": ${e.message}`);
      throw e;
    }
  }
}

export async function runSweep(specIn: ExperimentSpec | ParsedExperimentSpec, opts: SweepOptions): Promise<SweepSummary> {
  const spec = toParsedSpec(specIn);
  const shard = opts.shard ?? WHOLE;
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new ConfigError(`shard must be i/N with 0 ≤ i < N; got ${formatShard(shard)}`);
  }
  // Before any module loads or point runs: `out` must be a file whose folder can be written.
  prepareOutputFile(opts.out, '--out');
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1) throw new ConfigError(`workers must be a positive integer; got ${workers}`);
  const modules = [...new Set([...spec.modules, ...(opts.modules ?? []).map((m) => moduleUrl(m, process.cwd(), `--module ${JSON.stringify(m.length > 40 ? `${m.slice(0, 40)}…` : m)}`))])];
  await loadPointModules(modules);
  pointKind(spec.kind); // an unknown kind fails here, listing the registered ones

  const points = shardPoints(spec, shard);
  validatePoints(spec.kind, points);
  const ids = new Set(points.map((p) => p.id));

  // Resume: what `out` holds already; repair it if a crash cut its last line.
  const existing = readResultsFile(opts.out, { reader: 'sweep' });
  const { records: known } = dedupeRecords(existing.entries);
  const done = new Map<string, PointRecord>();
  let foreign = 0;
  for (const [id, e] of known) {
    if (!ids.has(id)) foreign++;
    else if (!(opts.retryErrors && e.record.error !== undefined)) done.set(id, e.record);
  }
  const resumed = done.size;
  const keep = [...known.values()].filter((e) => !ids.has(e.record.id) || done.has(e.record.id));
  // Rewrite (atomically) when failed records are retried or lines repeat; a line cut short by a kill
  // is cut off (cutTornTail), else appending would glue the next record onto the fragment.
  const rewrite = keep.length !== existing.entries.length;
  if (rewrite) writeResultsFile(opts.out, keep.map((e) => e.record));
  else if (existing.truncated !== undefined) cutTornTail(opts.out, isRecordLine);
  if (existing.truncated !== undefined) opts.onRepair?.({ file: opts.out, line: existing.truncated.line });
  const fd = withFsErrors('cannot append to', opts.out, () => openSync(opts.out, 'a'));
  if (!rewrite && existing.truncated === undefined && existing.missingFinalNewline) writeSync(fd, '\n');

  const pending = points.filter((p) => !done.has(p.id));
  let ran = 0;
  let errorCount = [...done.values()].filter((r) => r.error !== undefined).length;
  const onOutcome = (point: SweepPoint, o: PointOutcome): void => {
    if (o.abandoned) return;
    const record: PointRecord = {
      id: point.id, kind: point.kind, params: point.params,
      ...(o.error !== undefined ? { error: o.error } : { result: o.result }),
      seconds: o.seconds, shard: { index: shard.index, count: shard.count },
    };
    writeSync(fd, recordLine(record));
    done.set(point.id, record);
    ran++;
    if (record.error !== undefined) errorCount++;
    opts.onProgress?.({ done: done.size, total: points.length, ran, errors: errorCount, record });
  };

  const threads = Math.min(workers, Math.max(1, pending.length));
  try {
    if (workers === 1) {
      const signal = opts.signal ?? new AbortController().signal;
      for (const p of pending) {
        if (signal.aborted) break;
        onOutcome(p, await executePoint(p, signal));
      }
    } else {
      await runOnWorkers(pending, { workers: threads, modules, signal: opts.signal, onOutcome });
    }
  } finally {
    closeSync(fd);
  }

  const records = points.flatMap((p) => {
    const r = done.get(p.id);
    return r === undefined ? [] : [r];
  });
  const missing = points.filter((p) => !done.has(p.id));
  return {
    name: spec.name, shard, records, total: points.length, resumed, ran,
    errors: records.filter((r) => r.error !== undefined), missing,
    interrupted: missing.length > 0, foreign,
    ...(existing.truncated !== undefined ? { repaired: { line: existing.truncated.line } } : {}),
    workers: workers === 1 ? 1 : threads,
  };
}
