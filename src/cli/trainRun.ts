/**
 * The folder of one `overparam train` run: metrics.jsonl (one record per line, appended as measured),
 * params-init.safetensors, params.safetensors (the checkpoint: the parameters after `step` steps, the
 * step in its metadata) and summary.json (the settings' fingerprint, how far the run got). A checkpoint
 * writes the parameters, then the summary, each atomically (temporary file + rename), so a kill leaves
 * whole files; the parameters' own step is what a resume trusts. Resuming cuts a torn last metrics line
 * and drops the records after the checkpoint, so the resumed run appends each step once, with no gap.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { loadParams, saveParams } from '../models/checkpoint.js';
import type { Network } from '../nn/network.js';
import { fingerprintMismatch, type RunFingerprint } from '../train/fingerprint.js';
import type { TrainRecord } from '../train/trainer.js';
import { checkInputFile, cutTornTail, readTextInput, withFsErrors, writeFileAtomic } from '../io/files.js';
import { parseJsonText } from '../io/jsonText.js';

export interface RunFiles {
  metrics: string;
  params: string;
  init: string;
  summary: string;
}

export function runFiles(dir: string): RunFiles {
  return {
    metrics: join(dir, 'metrics.jsonl'),
    params: join(dir, 'params.safetensors'),
    init: join(dir, 'params-init.safetensors'),
    summary: join(dir, 'summary.json'),
  };
}

/** Where a saved run stands: the parameters and step of its checkpoint, and its summary. */
export interface ResumePoint {
  params: Float64Array;
  step: number;
  /** The summary as saved. */
  summary: Record<string, unknown>;
}

/** Writes the checkpoint: parameters first, then the summary (which must say `steps: step`). */
export function writeCheckpoint(files: RunFiles, net: Network, params: Float64Array, step: number, meta: { spec: unknown; seed: number }, summary: unknown): void {
  saveParams(files.params, net, params, { ...meta, step });
  writeFileAtomic(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Appends one record to metrics.jsonl; a full disk or lost folder is named, not thrown as errno. */
export function appendRecord(files: RunFiles, r: TrainRecord): void {
  withFsErrors('cannot append to', files.metrics, () => appendFileSync(files.metrics, `${JSON.stringify(r)}\n`));
}

/** Starts metrics.jsonl afresh (a new run). */
export function startMetrics(files: RunFiles): void {
  writeFileAtomic(files.metrics, '');
}

/**
 * Reads metrics.jsonl for a resume: a torn last line (a kill mid-write) is cut, with a warning on
 * stderr; a line that is not a record in the middle of the file is refused, naming the line. Records
 * after `step` are dropped (the file is rewritten atomically), and at step 0 every record is (the
 * resumed run measures step 0 again).
 */
export function metricsUpTo(files: RunFiles, step: number): TrainRecord[] {
  checkInputFile(files.metrics, '--resume: the metrics file');
  const torn = cutTornTail(files.metrics);
  if (torn !== '') process.stderr.write(`overparam: warning: ${files.metrics}: dropped a cut-short last line (${torn.length} characters, left by an interrupted write)\n`);
  const text = withFsErrors('cannot read', files.metrics, () => readFileSync(files.metrics, 'utf8'));
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept: TrainRecord[] = [];
  let dropped = 0;
  lines.forEach((line, i) => {
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new ConfigError(`--resume: ${files.metrics} line ${i + 1} is not a JSON record; the file was changed by hand or is damaged`);
    }
    const s = typeof r === 'object' && r !== null ? (r as { step?: unknown }).step : undefined;
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new ConfigError(`--resume: ${files.metrics} line ${i + 1} has no integer "step"`);
    if (step > 0 && s <= step) kept.push(r as TrainRecord);
    else dropped++;
  });
  if (dropped > 0) writeFileAtomic(files.metrics, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return kept;
}

/**
 * Where a saved run stopped, after checking it is the same run (every setting of the fingerprint) and
 * that more steps are asked for. Changes nothing on disk (metricsUpTo does, once every check passed).
 */
export function resumePoint(files: RunFiles, net: Network, fingerprint: RunFingerprint, steps: number): ResumePoint {
  if (!existsSync(files.summary)) throw new ConfigError(`--resume: no ${files.summary}; start the run without --resume first`);
  const summary = parseJsonText(readTextInput(files.summary, '--resume: the summary'), files.summary);
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) throw new ConfigError(`--resume: ${files.summary} is not a run summary (a JSON object)`);
  const saved = summary as Partial<RunFingerprint> & { steps?: unknown };
  const differs = fingerprintMismatch(saved, fingerprint);
  if (differs !== undefined) throw new ConfigError(`--resume: ${differs} (${files.summary})`);
  checkInputFile(files.params, '--resume: the checkpoint', Number.MAX_SAFE_INTEGER);
  const { params, metadata } = loadParams(files.params, net);
  const fromParams = metadata['step'] === undefined ? undefined : Number(metadata['step']);
  const step = fromParams ?? (typeof saved.steps === 'number' ? saved.steps : 0);
  if (!Number.isSafeInteger(step) || step < 0) throw new ConfigError(`--resume: ${files.params} has no valid step in its metadata (got ${metadata['step']})`);
  if (steps <= step) throw new ConfigError(`--resume: the run already took ${step} steps; ask for more with --steps`);
  return { params, step, summary: summary as Record<string, unknown> };
}
