/**
 * mergeResults: the union of results files (e.g. one per shard), one record per point.
 *
 * Duplicates (the same id in several files, or twice in one) are fine when they say the same thing
 * (result or error; seconds and shard may differ); a success replaces an error; two different results
 * for one point are an error naming the id and both file:line places. With a spec, the merge also
 * lists the spec's points that have no record (`missing`) or only an error (`failed`), and the records
 * that are not points of the spec (`extra`, kept in the output).
 *
 * Every input must exist and hold at least one record; the output (when given) is checked writable
 * before anything is read, and written atomically.
 *
 * Order of the merged records: with a spec, the spec's point order, then the extra records; without,
 * the order of first appearance across the files as given.
 */
import { ConfigError } from '../../errors.js';
import { prepareOutputFile } from '../../io/files.js';
import { expandPoints, type SweepPoint } from './points.js';
import { dedupeRecords, readResultsFile, writeResultsFile, type LocatedRecord, type PointRecord } from './records.js';
import { toParsedSpec, type ExperimentSpec, type ParsedExperimentSpec } from './spec.js';

export interface MergeOptions {
  /** Check completeness against this experiment. */
  spec?: ExperimentSpec | ParsedExperimentSpec;
  /** Write the merged records here (JSON Lines, atomically). */
  out?: string;
}

export interface MergeSummary {
  records: PointRecord[];
  files: string[];
  /** Lines that repeated a point already read. */
  duplicates: number;
  /** Files whose last line was cut short (ignored), with the line number. */
  truncated: { file: string; line: number }[];
  /** With a spec: its points that have no record. */
  missing: SweepPoint[];
  /** With a spec: its points whose record is an error. */
  failed: PointRecord[];
  /** With a spec: records that are not points of it. */
  extra: PointRecord[];
  /** Files that hold no record (the merge goes on when another file does). */
  empty: string[];
  /** With a spec: its number of points. */
  total?: number;
}

export function mergeResults(files: readonly string[], opts: MergeOptions = {}): MergeSummary {
  if (files.length === 0) throw new ConfigError('nothing to merge: give at least one results file');
  const entries: LocatedRecord[] = [];
  const truncated: { file: string; line: number }[] = [];
  const empty: string[] = [];
  // The output is checked before anything is read: a folder, or a folder that cannot be written, is refused.
  if (opts.out !== undefined) prepareOutputFile(opts.out, '--out');
  for (const f of files) {
    const r = readResultsFile(f, { mustExist: true, reader: 'merge' });
    // A shard with no points, or killed before its first point finished, leaves a file with no records.
    if (r.entries.length === 0) empty.push(f);
    entries.push(...r.entries);
    if (r.truncated !== undefined) truncated.push({ file: f, line: r.truncated.line });
  }
  if (entries.length === 0) {
    throw new ConfigError(`${files.length === 1 ? `${files[0]} holds no records` : `none of the ${files.length} files holds a record`}${truncated.length > 0 ? ' (only a cut-short line)' : ' (empty)'}; give the results files written by \`overparam sweep\``);
  }
  const { records: byId, duplicates } = dedupeRecords(entries);

  let records = [...byId.values()].map((e) => e.record);
  let missing: SweepPoint[] = [];
  let failed: PointRecord[] = [];
  let extra: PointRecord[] = [];
  let total: number | undefined;
  if (opts.spec !== undefined) {
    const points = expandPoints(toParsedSpec(opts.spec));
    total = points.length;
    const inSpec = new Set(points.map((p) => p.id));
    missing = points.filter((p) => !byId.has(p.id));
    const ordered = points.flatMap((p) => {
      const e = byId.get(p.id);
      return e === undefined ? [] : [e.record];
    });
    failed = ordered.filter((r) => r.error !== undefined);
    extra = records.filter((r) => !inSpec.has(r.id));
    records = [...ordered, ...extra];
  }
  if (opts.out !== undefined) writeResultsFile(opts.out, records);
  return { records, files: [...files], duplicates, truncated, empty, missing, failed, extra, ...(total !== undefined ? { total } : {}) };
}
