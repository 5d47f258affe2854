/**
 * `overparam sweep`: run (one shard of) an experiment spec, every point on its own worker thread, each
 * finished point appended to a JSON Lines file at once; rerunning the same command resumes. Ctrl-C stops
 * handing out points and lets the running ones finish (Ctrl-C again quits at once; the file keeps every
 * finished point either way).
 */
import type { Command } from 'commander';
import { canonicalJson } from '../../experiments/runner/json.js';
import { DEFAULT_POINT_MODULES } from '../../experiments/runner/defaultModules.js';
import { formatShard, resolveShard, SHARD_SOURCE, type Shard } from '../../experiments/runner/shard.js';
import { moduleUrl, readExperimentSpec } from '../../experiments/runner/spec.js';
import { loadPointModules } from '../../experiments/runner/modules.js';
import { ConfigError } from '../../errors.js';
import { defaultWorkers, runSweep, shardPoints } from '../../experiments/runner/sweep.js';
import { progress } from '../progress.js';
import { kindsListing } from './sweepKinds.js';
import { parseIntegerOption, interruptible, runAction } from '../run.js';

interface SweepCliOptions {
  out?: string;
  kinds?: boolean;
  shard?: string;
  shardCount?: string;
  workers?: string;
  module?: string[];
  retryErrors?: boolean;
  list?: boolean;
  quiet?: boolean;
}

/** How many failed points to print in full. */
const SHOW_ERRORS = 10;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The output path with `{shard}` replaced by "i-of-N", so one command line serves every array task. */
export function shardOutPath(out: string, shard: Shard): string {
  return out.replaceAll('{shard}', `${shard.index}-of-${shard.count}`);
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run the points of an experiment spec (or one shard of them) on worker threads, appending each to a JSON Lines file; rerun to resume')
    .argument('[spec]', 'experiment spec: a JSON file or inline JSON ({"name", "kind", "base", "sweep", "seeds", "modules"})')
    .option('-o, --out <file>', 'results file (JSON Lines, required to run); "{shard}" in the name becomes i-of-N')
    .option('--kinds', 'list the point kinds (built-in and from --module or the spec\'s modules) with their parameters and results, and exit')
    .option('--shard <i/N>', 'run shard i of N (0-based; point p belongs to shard p mod N); default: from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or SGE_TASK_ID, else all')
    .option('--shard-count <N>', 'number of shards for a Kubernetes indexed job (or set OVERPARAM_SHARD_COUNT)')
    .option('-w, --workers <k>', `worker threads (1 = run in this thread; default: ${defaultWorkers()}, the cores available)`)
    .option('--module <path>', 'a module registering point kinds (a local .js file or file URL; it runs as code); repeatable', collect)
    .option('--retry-errors', 'run again the points whose record is an error')
    .option('--list', 'list the points of this shard (index, id, parameters) and exit')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', [
      '',
      'Environment: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (or _MIN/_MAX/_STEP) picks the shard in a',
      'SLURM job array; JOB_COMPLETION_INDEX with OVERPARAM_SHARD_COUNT in a Kubernetes indexed job; SGE_TASK_ID with',
      'SGE_TASK_FIRST/LAST/STEPSIZE in a Grid Engine array job (qsub -t). examples/slurm/ has a job script.',
      'Merge shard files with `overparam merge`.',
      '',
      'Built-in kinds (kernel, train, hessian, diversity) need no module: `overparam sweep --kinds` lists them.',
      'Example: overparam sweep examples/sweeps/kernel-drift-width.json -o kernel-drift.jsonl',
      '',
      'A spec with "modules" (or --module) runs code: each module is imported, and importing a JavaScript',
      'module executes it with your permissions. Run only specs whose modules you trust. Modules must be',
      'local .js files (paths or file: URLs); data: URLs and remote (http/https) URLs are refused.',
    ].join('\n'))
    .action((spec: string | undefined, opts: SweepCliOptions) => runAction(() => sweepCommand(spec, opts)));
}

async function listKinds(specArg: string | undefined, o: SweepCliOptions): Promise<void> {
  const specModules = specArg === undefined ? [] : readExperimentSpec(specArg).modules;
  const extra = (o.module ?? []).map((m) => moduleUrl(m, process.cwd(), `--module ${JSON.stringify(m.length > 40 ? `${m.slice(0, 40)}…` : m)}`));
  await loadPointModules([...new Set([...DEFAULT_POINT_MODULES, ...specModules, ...extra])]);
  process.stdout.write(kindsListing());
}

export async function sweepCommand(specArg: string | undefined, o: SweepCliOptions): Promise<void> {
  if (o.kinds) return listKinds(specArg, o);
  if (specArg === undefined) throw new ConfigError('sweep needs an experiment spec (a JSON file or inline JSON), or --kinds to list the point kinds');
  const spec = readExperimentSpec(specArg);
  const count = o.shardCount === undefined ? undefined : parseIntegerOption('--shard-count', o.shardCount, 1);
  const shard = resolveShard(o.shard, process.env, { count });
  const workers = o.workers === undefined ? undefined : parseIntegerOption('--workers', o.workers, 1);
  if (o.out === undefined && !o.list) throw new ConfigError('sweep needs --out <file>, the results file (JSON Lines)');
  const out = shardOutPath(o.out ?? '', shard);
  const where = `${spec.name}${shard.count > 1 ? `, shard ${formatShard(shard)}${shard.source === 'flag' ? '' : ` (from ${SHARD_SOURCE[shard.source]})`}` : ''}`;

  if (o.list) {
    const points = shardPoints(spec, shard);
    process.stdout.write(`${where}: ${points.length} points\n`);
    for (const p of points) process.stdout.write(`${String(p.index).padStart(5)}  ${p.id}  ${canonicalJson(p.params)}\n`);
    return;
  }

  const interrupt = interruptible('no new points will start; waiting for the running ones');
  const bar = progress(`sweep ${where}`, { quiet: o.quiet });
  const t0 = Date.now();
  let summary;
  try {
    summary = await runSweep(spec, {
      out, shard, workers, modules: [...DEFAULT_POINT_MODULES, ...(o.module ?? [])], retryErrors: o.retryErrors,
      signal: interrupt.signal,
      onRepair: (r) => process.stderr.write(`overparam: ${r.file}:${r.line}: last line cut short by an earlier crash; dropped (that point runs again)\n`),
      onProgress: (p) => bar.update(p.done, p.total, { failed: p.errors }),
    });
  } finally {
    interrupt.release();
    bar.stop();
  }

  const s = summary;
  if (s.foreign > 0) process.stderr.write(`overparam: ${out} holds ${s.foreign} record(s) that are not points of ${where} (another spec or shard?); left as they are\n`);
  for (const r of s.errors.slice(0, SHOW_ERRORS)) process.stderr.write(`overparam: point ${r.id} ${canonicalJson(r.params)} failed: ${r.error}\n`);
  if (s.errors.length > SHOW_ERRORS) process.stderr.write(`overparam: … and ${s.errors.length - SHOW_ERRORS} more failed points (see the "error" lines of ${out})\n`);
  const parts = [
    `${s.total} points`,
    ...(s.resumed > 0 ? [`${s.resumed} already done`] : []),
    `${s.ran} run on ${s.workers} ${s.workers === 1 ? 'thread' : 'worker threads'}`,
    ...(s.errors.length > 0 ? [`${s.errors.length} failed`] : []),
    ...(s.missing.length > 0 ? [`${s.missing.length} not run (interrupted; rerun to resume)`] : []),
  ];
  process.stdout.write(`sweep ${where}: ${parts.join(', ')} → ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (s.interrupted) process.exitCode = 130;
  else if (s.errors.length > 0) process.exitCode = 1;
}
