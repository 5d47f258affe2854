/**
 * `overparam reproduce`: runs the papers' claims (all, or --paper/--claim) at quick or full scale and
 * at several seeds, prints progress run by run and a table of the verdicts over the seeds, and writes
 * results.jsonl (a line per finished point of a planned claim, and per finished (claim, seed) of the others), results.json and report/index.html (offline, plots
 * as inline SVG). `overparam report` re-renders the report from saved results.
 */
import { appendFileSync, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { backend } from '../../linalg/registry.js';
import type { Scale } from '../../experiments/claims/claim.js';
import { selectClaims } from '../../experiments/claims/index.js';
import { planSuite, runSuite, shardWork } from '../../experiments/reproduce.js';
import { dedupeRecords, readResultsFile, recordLine, type PointRecord, type ResultsFile } from '../../experiments/runner/records.js';
import { sweepSummary } from '../../experiments/results/sweepPlots.js';
import { renderSweepReport } from '../../report/sweepReport.js';
import { prepareOutputDir, readTextInput, withFsErrors, writeFileAtomic } from '../../io/files.js';
import { formatShard, resolveShard } from '../../experiments/runner/shard.js';
import { aggregateSeedRuns, verdictLetter, type SeededClaimResult, type SeedRun } from '../../experiments/seedVerdicts.js';
import { renderReport, type ReportMeta } from '../../report/html.js';
import { parsePlaygroundRun, PLAYGROUND_FORMAT, renderPlaygroundReport, type PlaygroundRunFile } from '../../report/playgroundRun.js';
import { vegaLiteToSvg } from '../../report/vegaSvg.js';
import { packageVersion } from '../../version.js';
import { parseJsonText } from '../../io/jsonText.js';
import { printableCell } from '../terminalText.js';
import { progress } from '../progress.js';
import { parseIntegerOption, interruptible, runAction } from '../run.js';
import { resumeClaimRuns, runKey } from '../../experiments/results/resume.js';
import type { PointResultOf } from '../../experiments/runClaims.js';
import { claimRecord, holdsClaimResults, planRecord, readSavedResults, RESULTS_FORMAT, savedFromRecords, type SavedResults } from '../../experiments/results/saved.js';
import { resolveSeeds } from '../seedsOption.js';

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** A table cell: printable text (results are untrusted), cut or padded to n characters. */
function pad(text: unknown, n: number): string {
  const s = printableCell(text);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

/** The verdicts table: each claim's verdict over its seeds, one letter per seed (H, F, I), and its figure. */
export function resultsTable(results: readonly SeededClaimResult[]): string {
  const w = Math.max(5, ...results.map((r) => 2 * r.seeds.length - 1));
  const rows = results.map((r) => `${pad(r.id, 34)} ${pad(r.verdict, 13)} ${pad(r.seeds.map((s) => verdictLetter(s.verdict)).join(' '), w)} ${pad(`${r.seeds.length > 1 ? `seed ${String(r.dataSeed)}: ` : ''}${String(r.measured)}`, 70)}`);
  const counts = ['holds', 'fails', 'inconclusive'].map((v) => `${results.filter((r) => r.verdict === v).length} ${v}`).join(', ');
  const line = '-'.repeat(120 + w);
  return `${pad('claim', 34)} ${pad('verdict', 13)} ${pad('seeds', w)} measured\n${line}\n${rows.join('\n')}\n${line}\n${counts}\n`;
}

async function writeReport(dir: string, saved: SavedResults): Promise<string> {
  // A plot that cannot be rendered becomes a note in the report.
  const html = await renderReport(saved.results, saved.meta, (spec) => vegaLiteToSvg(spec));
  const file = join(dir, 'report', 'index.html');
  writeFileAtomic(file, html);
  return file;
}

export { readSavedResults, type SavedResults };

/** The points of a sweep in a .jsonl file read (records of no claim), or null when it holds claim records. */
function sweepRecords(read: ResultsFile): PointRecord[] | null {
  if (read.entries.length === 0 || holdsClaimResults(read.entries)) return null;
  if (read.truncated !== undefined) process.stderr.write(`overparam: ${read.file}:${read.truncated.line}: last line cut short (a crashed run?); ignored\n`);
  return [...dedupeRecords(read.entries).records.values()].map((e) => e.record);
}

/** The playground run in this file, or null when the file is something else (claim results). */
function readPlaygroundRun(file: string): PlaygroundRunFile | null {
  if (!file.endsWith('.json') || !existsSync(file) || !statSync(file).isFile()) return null; // readSavedResults says what is wrong
  const text = readTextInput(file, 'results file');
  if (text.trim() === '') return null;
  const value = parseJsonText(text, file) as { format?: unknown } | null;
  return value?.format === PLAYGROUND_FORMAT ? parsePlaygroundRun(value, file) : null;
}

/** The report's folders, checked writable (a file given as --out is refused) before the report renders. */
function prepareReportDir(outDir: string, given: boolean): void {
  if (given) prepareOutputDir(outDir, '--out');
  prepareOutputDir(join(outDir, 'report'), given ? '--out: the report folder' : 'the report folder');
}

interface ReproduceCliOptions {
  quick?: boolean;
  full?: boolean;
  paper?: string;
  claim?: string;
  seed?: string;
  seeds?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  shard?: string;
  shardCount?: string;
  resume?: boolean;
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description("run the papers' claims as checks against measurement at several seeds; print verdicts and write results.json and report/index.html")
    .option('--quick', 'quick scale: the whole suite in a few minutes (default)')
    .option('--full', "full scale: the theory notes' sizes (8 GB of memory)")
    .option('--paper <list>', 'only these papers (comma-separated): chen2018, zou2018, du2019, liu2020, allenzhu2019')
    .option('--claim <list>', 'only these claims (comma-separated ids)')
    .option('--seeds <N|list>', 'run every claim at seeds 0…N−1, or at the seeds listed (e.g. 3,7,11); a claim holds when it holds at every seed, and fails when more seeds fail than chance explains (default: 3 seeds at quick scale, 2 at full)')
    .option('-s, --seed <seed>', 'run at this one seed only (each claim folds in its id)')
    .option('-o, --out <dir>', 'where results.json and report/ go', '.')
    .option('-w, --workers <k>', 'worker threads (default: every core); claims that share an experiment run in one worker')
    .option('--shard <i/N>', "run only shard i of N: the suite's points (a planned claim's training runs one by one, a claim group without a plan whole, at each seed) are dealt to shards by expected cost; also from SLURM_ARRAY_TASK_ID/COUNT, JOB_COMPLETION_INDEX or SGE_TASK_ID")
    .option('--shard-count <N>', 'the number of shards of a Kubernetes indexed job (JOB_COMPLETION_INDEX)')
    .option('--resume', 'keep the points and (claim, seed) runs already in <out>/results.jsonl (same scale) and run only the others')
    .option('--json', 'print the results as JSON instead of the table')
    .option('-q, --quiet', 'no progress output')
    .action((opts: ReproduceCliOptions) => runAction(() => reproduceCommand(opts)));

  program
    .command('report')
    .description('re-render report/index.html from saved results (nothing is recomputed): results.json, merged shards, a sweep, or a playground run')
    .argument('[results]', 'results.json written by reproduce, a .jsonl of claim records (merged shards) or of a sweep\'s points, or a run exported from the playground', 'results.json')
    .option('-o, --out <dir>', 'where report/ goes (default: beside the results file)')
    .option('--x <param>', 'a sweep: the swept parameter on the x axis (default: the first numeric one other than seed)')
    .option('--y <measurement>', 'a sweep: the one measurement to plot, e.g. final.kernel.drift (default: every numeric one)')
    .option('--series <param>', 'a sweep: one line per value of this parameter (default: the next swept one other than seed)')
    .action((file: string, opts: { out?: string; x?: string; y?: string; series?: string }) =>
      runAction(async () => {
        // A .jsonl file is read once: a sweep's points, or claim records (merged shards).
        const lines = file.endsWith('.jsonl') ? readResultsFile(file, { mustExist: true, reader: 'report' }) : null;
        const sweep = lines === null ? null : sweepRecords(lines);
        if (sweep !== null) {
          const outDir = opts.out ?? dirname(file);
          const summary = sweepSummary(sweep, { x: opts.x, y: opts.y, series: opts.series }, file);
          prepareReportDir(outDir, opts.out !== undefined);
          const out = join(outDir, 'report', 'index.html');
          writeFileAtomic(out, await renderSweepReport(summary, file, (spec) => vegaLiteToSvg(spec)));
          process.stdout.write(`sweep of kind ${printableCell(summary.kind)}: ${summary.points} points, ${summary.plots.length} plot${summary.plots.length === 1 ? '' : 's'}\nwrote ${out}\n`);
          return;
        }
        if (opts.x !== undefined || opts.y !== undefined || opts.series !== undefined) throw new ConfigError('--x, --y and --series choose the plots of a sweep\'s results; this file holds claim results');
        const run = readPlaygroundRun(file);
        const outDir = opts.out ?? dirname(file);
        if (run) {
          prepareReportDir(outDir, opts.out !== undefined);
          const out = join(outDir, 'report', 'index.html');
          writeFileAtomic(out, await renderPlaygroundReport(run, (spec) => vegaLiteToSvg(spec)));
          process.stdout.write(`playground run: ${printableCell(run.network)}, ${run.steps.length} steps recorded${run.comparison ? `, ${run.comparison.runs.length} widths compared` : ''}\nwrote ${out}\n`);
          return;
        }
        const saved = lines === null ? readSavedResults(file) : savedFromRecords(lines);
        prepareReportDir(outDir, opts.out !== undefined);
        const out = await writeReport(outDir, saved);
        process.stdout.write(`${resultsTable(saved.results)}wrote ${out}\n`);
      }),
    );
}

export async function reproduceCommand(o: ReproduceCliOptions): Promise<void> {
  if (o.quick && o.full) throw new ConfigError('give --quick or --full, not both');
  const scale: Scale = o.full ? 'full' : 'quick';
  const seeds = resolveSeeds(o.seed, o.seeds, scale);
  const selected = selectClaims({ papers: list(o.paper), claims: list(o.claim) });
  if (selected.length === 0) throw new ConfigError('no claims selected');
  const shard = resolveShard(o.shard, process.env, o.shardCount === undefined ? {} : { count: parseIntegerOption('--shard-count', o.shardCount, 1) });
  const workers = o.workers === undefined ? os.availableParallelism() : parseIntegerOption('--workers', o.workers, 1);
  // Every shard plans the whole selection and takes its part: points dealt by expected cost.
  const full = planSuite(selected, seeds, scale);
  const wanted = new Set(full.points.flatMap((p) => (full.whole.get(p.id) ?? []).map((c) => runKey(c.id, p.seed))));
  const wantedPoints = new Set(full.planned.flatMap((r) => r.points.map((p) => p.id)));
  // Before anything runs: --out must be a folder that can be written.
  prepareOutputDir(o.out, '--out');
  const jsonl = join(o.out, 'results.jsonl');
  let previous = new Map<string, SeedRun>();
  let known = new Map<string, PointResultOf>();
  let recorded = new Set<string>();
  if (o.resume) {
    const kept = resumeClaimRuns(jsonl, scale, wanted, wantedPoints);
    previous = kept.previous;
    known = kept.known;
    recorded = kept.ids;
    if (kept.droppedLine !== undefined) process.stderr.write(`overparam: ${jsonl}:${kept.droppedLine}: last line cut short by an interrupted run; dropped (that run goes again)\n`);
  } else {
    writeFileAtomic(jsonl, '');
  }
  const work = shardWork(full, shard, { known: new Set(known.keys()), doneRuns: new Set(previous.keys()) });
  // The plan records of the planned runs this shard computes points of, before their points.
  const plans = work.touched.map((r) => planRecord(r.claim, scale, r.seed, shard)).filter((r) => !recorded.has(r.id));
  if (plans.length > 0) withFsErrors('cannot append to', jsonl, () => appendFileSync(jsonl, plans.map(recordLine).join('')));
  const expected = [...work.plan.whole.values()].reduce((n, cs) => n + cs.length, 0) + work.plan.planned.length;
  if (!o.quiet && !o.json && (shard.count > 1 || previous.size + known.size > 0)) {
    process.stderr.write(
      `shard ${formatShard(shard)}: ${work.plan.points.length} points to run (≈ ${work.cost.toFixed(0)} s on one core)` +
        `${previous.size + known.size > 0 ? `, ${previous.size} (claim, seed) runs and ${known.size} points already done` : ''}` +
        `; ${expected} (claim, seed) runs judged here${work.judgedAtMerge > 0 ? `, ${work.judgedAtMerge} when the shards' results are merged (overparam merge, then overparam report)` : ''}\n`,
    );
  }
  const interrupt = interruptible('stopping when the claims and points running now finish; what finished is kept in results.jsonl');
  const quiet = o.quiet || o.json;
  // With several claims running at once, per-claim bars would interleave: progress is one line per run.
  let bar = progress('', { quiet: true });
  const barsOn = workers === 1 && !quiet;
  const label = (id: string, seed: number): string => (seeds.length > 1 ? `${id} (seed ${seed})` : id);
  const append = (line: string): void => withFsErrors('cannot append to', jsonl, () => appendFileSync(jsonl, line));
  const t0 = Date.now();
  let runs: SeedRun[];
  try {
    runs = await runSuite(work.plan, {
      workers, signal: interrupt.signal, known,
      // One complete line per finished point or run, at once: an interrupted run loses nothing finished.
      onPoint: (p, outcome) => append(recordLine({ id: p.id, kind: p.kind, params: p.params, ...(outcome.result !== undefined ? { result: outcome.result } : { error: outcome.error ?? 'no result' }), seconds: outcome.seconds, shard })),
      onStart: (c, seed, i, n) => {
        bar.stop();
        if (!quiet) process.stderr.write(`[${i + 1}/${n}] ${label(c.id, seed)}: ${c.prediction}\n`);
        bar = progress(`  ${label(c.id, seed)}`, { quiet: !barsOn });
      },
      onProgress: (_c, _s, d, t) => bar.update(d, t),
      onDone: (run, _i, _n, judged) => {
        // A planned claim's verdict is rebuilt from its points' records; a whole claim's run is recorded.
        if (!judged) append(recordLine(claimRecord(run, shard)));
        bar.stop();
        if (!quiet) process.stderr.write(`  ${label(run.result.id, run.seed)} → ${printableCell(run.result.verdict)} (${run.result.seconds.toFixed(1)} s): ${printableCell(run.result.measured)}\n`);
      },
    });
  } finally {
    bar.stop();
    interrupt.release();
  }
  const meta: ReportMeta = {
    generated: new Date().toISOString(),
    scale,
    seeds,
    machine: `overparam ${packageVersion()}, Node ${process.version}, ${os.availableParallelism()} CPUs, ${backend().name} backend (${backend().library})`,
    command: `overparam reproduce --${scale}${o.paper ? ` --paper ${o.paper}` : ''}${o.claim ? ` --claim ${o.claim}` : ''} ${seeds.length === 1 ? `--seed ${seeds[0]}` : `--seeds ${seeds.join(',')}`}`,
  };
  const results = aggregateSeedRuns([...previous.values(), ...runs], selected.map((c) => c.id));
  const toRun = expected;
  const saved: SavedResults = { format: RESULTS_FORMAT, meta, results };
  const resultsFile = join(o.out, 'results.json');
  writeFileAtomic(resultsFile, `${JSON.stringify(saved, null, 1)}\n`);
  const reportFile = await writeReport(o.out, saved);
  const stopped = runs.length < toRun;
  if (o.json) process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
  else {
    process.stdout.write(
      `${resultsTable(results)}${seeds.length > 1 ? `seeds ${seeds.join(', ')}: a claim holds when it holds at every seed, and fails when more seeds fail than chance explains (5% false failures a seed)\n` : ''}` +
        `${stopped ? `stopped after ${runs.length} of ${toRun} (claim, seed) runs (rerun with --resume to continue)\n` : ''}` +
        `${work.judgedAtMerge > 0 ? `${work.judgedAtMerge} (claim, seed) runs need points of other shards: merge the shards' results.jsonl (overparam merge) and run overparam report on the merged file\n` : ''}` +
        `wrote ${resultsFile}, ${jsonl} and ${reportFile} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
    );
  }
  if (stopped) process.exitCode = 130;
}
