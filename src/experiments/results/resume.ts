/**
 * `reproduce --resume`: the (claim, seed) runs already recorded in a results.jsonl, so that only the
 * others run again. A kill can cut the file's last line short; that fragment is cut off (appending to
 * it would glue the next record onto it) and its run goes again.
 */
import { cutTornTail } from '../../io/files.js';
import { isRecordLine, readResultsFile } from '../runner/records.js';
import type { Scale } from '../claims/claim.js';
import type { SeedRun } from '../seedVerdicts.js';
import { claimRuns } from './saved.js';

/** The key of one (claim, seed) run. */
export const runKey = (claim: string, seed: number): string => `${claim}\u0000${seed}`;

export interface ResumedRuns {
  /** Recorded runs at this scale among the wanted ones, by runKey. */
  previous: Map<string, SeedRun>;
  /** The line number of a torn last line that was cut off, if there was one. */
  droppedLine?: number;
}

/** The runs of `jsonl` at `scale` whose runKey is in `wanted`; cuts a torn last line off the file. */
export function resumeClaimRuns(jsonl: string, scale: Scale, wanted: ReadonlySet<string>): ResumedRuns {
  const read = readResultsFile(jsonl, { reader: 'reproduce --resume' });
  const previous = new Map<string, SeedRun>();
  for (const { run, scale: s } of claimRuns(read.entries)) {
    const key = runKey(run.result.id, run.seed);
    if (s === scale && wanted.has(key)) previous.set(key, run);
  }
  const cut = cutTornTail(jsonl, isRecordLine) !== '' && read.truncated !== undefined;
  return cut ? { previous, droppedLine: read.truncated!.line } : { previous };
}
