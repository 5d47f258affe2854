/**
 * `overparam merge`: the union of results files (one per shard), one line per point, checked for
 * conflicting duplicates and, with --spec, for completeness.
 */
import type { Command } from 'commander';
import { canonicalJson } from '../../experiments/runner/json.js';
import { mergeResults } from '../../experiments/runner/merge.js';
import { readExperimentSpec } from '../../experiments/runner/spec.js';
import { runAction } from '../run.js';

interface MergeCliOptions {
  out: string;
  spec?: string;
}

/** How many missing or failed points to name. */
const SHOW = 20;

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge results files (e.g. the shards of a sweep) into one JSON Lines file, one line per point')
    .argument('<files...>', 'results files (JSON Lines) written by `overparam sweep`')
    .requiredOption('-o, --out <file>', 'merged results file')
    .option('--spec <spec>', 'experiment spec (file or inline JSON): list its points that are missing or failed')
    .addHelpText('after', '\nExit status: 0 when merged (and, with --spec, complete without failures); 1 when points are missing or failed (the merged file is written anyway); 2 on bad input, e.g. two different results for one point.')
    .action((files: string[], opts: MergeCliOptions) => runAction(() => mergeCommand(files, opts)));
}

export function mergeCommand(files: string[], o: MergeCliOptions): void {
  const spec = o.spec === undefined ? undefined : readExperimentSpec(o.spec);
  const m = mergeResults(files, { spec, out: o.out });
  for (const f of m.empty) process.stderr.write(`overparam: ${f} holds no records (a shard with no points, or stopped before its first); merged the others\n`);
  for (const t of m.truncated) process.stderr.write(`overparam: ${t.file}:${t.line}: last line cut short (a crashed run?); ignored\n`);
  process.stdout.write(`merged ${m.records.length} points from ${files.length} file(s)${m.duplicates > 0 ? ` (${m.duplicates} duplicate lines)` : ''} → ${o.out}\n`);
  if (spec === undefined) return;
  const done = (m.total ?? 0) - m.missing.length - m.failed.length;
  process.stdout.write(`${spec.name}: ${done} of ${m.total} points done${m.missing.length > 0 ? `, ${m.missing.length} missing` : ''}${m.failed.length > 0 ? `, ${m.failed.length} failed` : ''}${m.extra.length > 0 ? `; ${m.extra.length} records are not points of the spec (kept)` : ''}\n`);
  for (const p of m.missing.slice(0, SHOW)) process.stdout.write(`  missing ${p.id} (point ${p.index}) ${canonicalJson(p.params)}\n`);
  if (m.missing.length > SHOW) process.stdout.write(`  … and ${m.missing.length - SHOW} more missing\n`);
  for (const r of m.failed.slice(0, SHOW)) process.stdout.write(`  failed  ${r.id} ${canonicalJson(r.params)}: ${r.error}\n`);
  if (m.failed.length > SHOW) process.stdout.write(`  … and ${m.failed.length - SHOW} more failed\n`);
  if (m.missing.length > 0 || m.failed.length > 0) process.exitCode = 1;
}
