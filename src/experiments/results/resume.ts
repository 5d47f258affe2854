/**
 * `reproduce --resume`: the (claim, seed) runs and the planned claims' points already recorded in a
 * results.jsonl, so that only the others run again (a point recorded with an error runs again). A kill can cut the file's last line short; that fragment is cut off (appending to
 * it would glue the next record onto it) and its run goes again.
 */
import { cutTornTail } from '../../io/files.js';
import { dedupeRecords, isRecordLine, readResultsFile } from '../runner/records.js';
import type { PointResultOf } from '../runClaims.js';
import type { Scale } from '../claims/claim.js';
import type { SeedRun } from '../seedVerdicts.js';
import { claimRuns } from './saved.js';

/** The key of one (claim, seed) run. */
export const runKey = (claim: string, seed: number): string => `${claim}\u0000${seed}`;

export interface ResumedRuns {
  /** Recorded runs at this scale among the wanted ones, by runKey. */
  previous: Map<string, SeedRun>;
  /** Recorded points among the wanted ones that have a result, by id. */
  known: Map<string, PointResultOf>;
  /** The ids of every record in the file. */
  ids: Set<string>;
  /** The line number of a torn last line that was cut off, if there was one. */
  droppedLine?: number;
}

/**
 * The runs of `jsonl` at `scale` whose runKey is in `wanted`, and its points with a result whose id is in
 * `wantedPoints`; cuts a torn last line off the file.
 */
export function resumeClaimRuns(jsonl: string, scale: Scale, wanted: ReadonlySet<string>, wantedPoints: ReadonlySet<string> = new Set()): ResumedRuns {
  const read = readResultsFile(jsonl, { reader: 'reproduce --resume' });
  const previous = new Map<string, SeedRun>();
  for (const { run, scale: s } of claimRuns(read.entries)) {
    const key = runKey(run.result.id, run.seed);
    if (s === scale && wanted.has(key)) previous.set(key, run);
  }
  const known = new Map<string, PointResultOf>();
  for (const { record } of dedupeRecords(read.entries.filter((e) => e.record.kind !== 'claim' && wantedPoints.has(e.record.id))).records.values()) {
    if (record.result !== undefined) known.set(record.id, { result: record.result, seconds: record.seconds });
  }
  const ids = new Set(read.entries.map((e) => e.record.id));
  const cut = cutTornTail(jsonl, isRecordLine) !== '' && read.truncated !== undefined;
  return cut ? { previous, known, ids, droppedLine: read.truncated!.line } : { previous, known, ids };
}
