/**
 * `overparam reproduce`: runs the papers' claims (all, or --paper/--claim) at quick or full scale,
 * prints a table with progress claim by claim, and writes results.json and report/index.html (offline,
 * plots as inline SVG). `overparam report` re-renders the report from a saved results.json.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { backend } from '../../linalg/registry.js';
import type { ClaimResult, Scale } from '../../experiments/claims/claim.js';
import { selectClaims } from '../../experiments/claims/index.js';
import { runClaimsParallel } from '../../experiments/reproduce.js';
import { pointId } from '../../experiments/runner/pointId.js';
import { readResultsFile, recordLine, type PointRecord } from '../../experiments/runner/records.js';
import { formatShard, inShard, resolveShard, type Shard } from '../../experiments/runner/shard.js';
import type { JsonObject } from '../../experiments/runner/json.js';
import { renderReport, type ReportMeta } from '../../report/html.js';
import { parsePlaygroundRun, PLAYGROUND_FORMAT, renderPlaygroundReport, type PlaygroundRunFile } from '../../report/playgroundRun.js';
import { vegaLiteToSvg } from '../../report/vegaSvg.js';
import { packageVersion } from '../../version.js';
import { parseJsonText } from '../inputs.js';
import { progress } from '../progress.js';
import { parseIntegerOption, interruptible, runAction } from '../run.js';

export interface SavedResults {
  format: 'overparam-results/1';
  meta: ReportMeta;
  results: ClaimResult[];
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

export function resultsTable(results: readonly ClaimResult[]): string {
  const rows = results.map((r) => `${pad(r.id, 34)} ${pad(r.verdict, 13)} ${pad(r.measured, 70)}`);
  const counts = ['holds', 'fails', 'inconclusive'].map((v) => `${results.filter((r) => r.verdict === v).length} ${v}`).join(', ');
  return `${pad('claim', 34)} ${pad('verdict', 13)} measured\n${'-'.repeat(118)}\n${rows.join('\n')}\n${'-'.repeat(118)}\n${counts}\n`;
}

async function writeReport(dir: string, saved: SavedResults): Promise<string> {
  // A plot that cannot be rendered becomes a note in the report.
  const html = await renderReport(saved.results, saved.meta, (spec) => vegaLiteToSvg(spec));
  const file = join(dir, 'report', 'index.html');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return file;
}

/** A claim's result as a sweep-runner record (kind "claim"), so shards merge with `overparam merge`. */
function claimRecord(r: ClaimResult, seed: number, shard: Shard): PointRecord {
  const params = { claim: r.id, scale: r.scale, seed };
  return { id: pointId('claim', params), kind: 'claim', params, result: JSON.parse(JSON.stringify(r)) as JsonObject, seconds: r.seconds, shard };
}

/** Claim results kept in a results file (JSON from reproduce, or JSON Lines of claim records, e.g. merged shards). */
export function readSavedResults(file: string): SavedResults {
  if (file.endsWith('.jsonl')) {
    const entries = readResultsFile(file).entries.filter((e) => e.record.kind === 'claim' && e.record.result);
    if (entries.length === 0) throw new ConfigError(`${file} holds no claim results (lines of kind "claim")`);
    const results = entries.map((e) => e.record.result as unknown as ClaimResult);
    const first = entries[0].record.params;
    return { format: 'overparam-results/1', meta: { generated: new Date().toISOString(), scale: String(first['scale']), seed: Number(first['seed']), command: `merged from ${file}` }, results };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read ${file} (run \`overparam reproduce\` first, or give the path to its results.json)`);
  }
  const saved = parseJsonText(text, file) as SavedResults;
  if (saved?.format !== 'overparam-results/1' || !Array.isArray(saved.results)) {
    throw new ConfigError(`${file} is not a results file written by overparam reproduce (format "overparam-results/1")`);
  }
  return saved;
}

/** The playground run in this file, or null when the file is something else (claim results). */
function readPlaygroundRun(file: string): PlaygroundRunFile | null {
  if (!file.endsWith('.json')) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null; // readSavedResults says what is wrong
  }
  const value = parseJsonText(text, file) as { format?: unknown } | null;
  return value?.format === PLAYGROUND_FORMAT ? parsePlaygroundRun(value, file) : null;
}

interface ReproduceCliOptions {
  quick?: boolean;
  full?: boolean;
  paper?: string;
  claim?: string;
  seed: string;
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
    .description("run the papers' claims as checks against measurement; print verdicts and write results.json and report/index.html")
    .option('--quick', 'quick scale: the whole suite in a few minutes (default)')
    .option('--full', "full scale: the theory notes' sizes (about half an hour on 2 cores, 8 GB of memory)")
    .option('--paper <list>', 'only these papers (comma-separated): chen2018, zou2018, du2019, liu2020, allenzhu2019')
    .option('--claim <list>', 'only these claims (comma-separated ids)')
    .option('-s, --seed <seed>', 'seed of the whole run (each claim folds in its id)', '0')
    .option('-o, --out <dir>', 'where results.json and report/ go', '.')
    .option('-w, --workers <k>', 'worker threads (default: every core); claims that share an experiment run in one worker')
    .option('--shard <i/N>', 'run only shard i of N (papers are dealt to shards in order); also from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX')
    .option('--shard-count <N>', 'the number of shards of a Kubernetes indexed job (JOB_COMPLETION_INDEX)')
    .option('--resume', 'keep the claims already in <out>/results.jsonl (same scale and seed) and run only the others')
    .option('--json', 'print the results as JSON instead of the table')
    .option('-q, --quiet', 'no progress output')
    .action((opts: ReproduceCliOptions) => runAction(() => reproduceCommand(opts)));

  program
    .command('report')
    .description('re-render report/index.html from saved results (nothing is recomputed): results.json, merged shards, or a playground run')
    .argument('[results]', 'results.json written by reproduce, a .jsonl of claim records (merged shards), or a run exported from the playground', 'results.json')
    .option('-o, --out <dir>', 'where report/ goes (default: beside the results file)')
    .action((file: string, opts: { out?: string }) =>
      runAction(async () => {
        const run = readPlaygroundRun(file);
        if (run) {
          const out = join(opts.out ?? dirname(file), 'report', 'index.html');
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, await renderPlaygroundReport(run, (spec) => vegaLiteToSvg(spec)));
          process.stdout.write(`playground run: ${run.network}, ${run.steps.length} steps recorded${run.comparison ? `, ${run.comparison.runs.length} widths compared` : ''}\nwrote ${out}\n`);
          return;
        }
        const saved = readSavedResults(file);
        const out = await writeReport(opts.out ?? dirname(file), saved);
        process.stdout.write(`${resultsTable(saved.results)}wrote ${out}\n`);
      }),
    );
}

export async function reproduceCommand(o: ReproduceCliOptions): Promise<void> {
  if (o.quick && o.full) throw new ConfigError('give --quick or --full, not both');
  const scale: Scale = o.full ? 'full' : 'quick';
  const seed = parseIntegerOption('--seed', o.seed, 0);
  const selected = selectClaims({ papers: list(o.paper), claims: list(o.claim) });
  if (selected.length === 0) throw new ConfigError('no claims selected');
  const shard = resolveShard(o.shard, process.env, o.shardCount === undefined ? {} : { count: parseIntegerOption('--shard-count', o.shardCount, 1) });
  const papers = [...new Set(selected.map((c) => c.paper))];
  const mine = selected.filter((c) => inShard(papers.indexOf(c.paper), shard));
  mkdirSync(o.out, { recursive: true });
  const jsonl = join(o.out, 'results.jsonl');
  const previous = new Map<string, ClaimResult>();
  if (o.resume) {
    for (const e of readResultsFile(jsonl).entries) {
      const p = e.record.params;
      if (e.record.kind === 'claim' && e.record.result && p['scale'] === scale && p['seed'] === seed) previous.set(String(p['claim']), e.record.result as unknown as ClaimResult);
    }
  } else {
    writeFileSync(jsonl, '');
  }
  const claims = mine.filter((c) => !previous.has(c.id));
  if (!o.quiet && !o.json && (shard.count > 1 || previous.size > 0)) {
    process.stderr.write(`shard ${formatShard(shard)}: ${mine.length} claims${previous.size > 0 ? `, ${mine.length - claims.length} already done` : ''}\n`);
  }
  const interrupt = interruptible('stopping after this claim');
  const quiet = o.quiet || o.json;
  const workers = o.workers === undefined ? os.availableParallelism() : parseIntegerOption('--workers', o.workers, 1);
  // With several claims running at once, per-claim bars would interleave: progress is one line per claim.
  let bar = progress('', { quiet: true });
  const barsOn = workers === 1 && !quiet;
  const t0 = Date.now();
  let results: ClaimResult[];
  try {
    results = await runClaimsParallel(claims, {
      scale, seed, signal: interrupt.signal, workers,
      onClaimStart: (c, i, n) => {
        if (!quiet) process.stderr.write(`[${i + 1}/${n}] ${c.id}: ${c.prediction}\n`);
        bar = progress(`  ${c.id}`, { quiet: !barsOn });
      },
      onClaimProgress: (_c, d, t) => bar.update(d, t),
      onClaimDone: (r) => {
        appendFileSync(jsonl, recordLine(claimRecord(r, seed, shard)));
        bar.stop();
        if (!quiet) process.stderr.write(`  ${r.id} → ${r.verdict} (${r.seconds.toFixed(1)} s): ${r.measured}\n`);
      },
    });
  } finally {
    interrupt.release();
  }
  const meta: ReportMeta = {
    generated: new Date().toISOString(),
    scale,
    seed,
    machine: `overparam ${packageVersion()}, Node ${process.version}, ${os.availableParallelism()} CPUs, ${backend().name} backend (${backend().library})`,
    command: `overparam reproduce --${scale}${o.paper ? ` --paper ${o.paper}` : ''}${o.claim ? ` --claim ${o.claim}` : ''} --seed ${seed}`,
  };
  const ordered = mine.map((c) => previous.get(c.id) ?? results.find((r) => r.id === c.id)).filter((r): r is ClaimResult => r !== undefined);
  const saved: SavedResults = { format: 'overparam-results/1', meta, results: ordered };
  const resultsFile = join(o.out, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(saved, null, 1)}\n`);
  const reportFile = await writeReport(o.out, saved);
  if (o.json) process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
  else process.stdout.write(`${resultsTable(ordered)}${results.length < claims.length ? `stopped after ${results.length} of ${claims.length} claims (rerun with --resume to continue)\n` : ''}wrote ${resultsFile}, ${jsonl} and ${reportFile} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  if (results.length < claims.length) process.exitCode = 130;
}
