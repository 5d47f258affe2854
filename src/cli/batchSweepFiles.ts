/** The files `overparam diversity sweep` writes: results.json, table.txt and epochs-vs-batch.svg. */
import { join } from 'node:path';
import type { BatchSweepResult } from '../experiments/diversity/batchSweep.js';
import { batchSweepTable } from '../experiments/diversity/batchSweepReport.js';
import { writeFileAtomic } from '../io/files.js';
import { epochsVsBatchSpec } from '../plots/batchSweep.js';
import { vegaLiteToSvg } from '../report/vegaSvg.js';

/** Writes results.json, table.txt and epochs-vs-batch.svg into dir; returns the paths. */
export async function writeBatchSweep(r: BatchSweepResult, dir: string): Promise<{ json: string; table: string; svg: string }> {
  const files = { json: join(dir, 'results.json'), table: join(dir, 'table.txt'), svg: join(dir, 'epochs-vs-batch.svg') };
  // Each file atomically (temporary file + rename): a failure or a kill leaves no torn result.
  writeFileAtomic(files.json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileAtomic(files.table, `${batchSweepTable(r)}\n`);
  writeFileAtomic(files.svg, await vegaLiteToSvg(epochsVsBatchSpec(r)));
  return files;
}
