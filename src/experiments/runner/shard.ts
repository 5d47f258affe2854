/**
 * Shards: which part of an experiment's points this process runs.
 *
 * Assignment: the point at position p of the stable point order (points.ts) belongs to shard p mod N,
 * so every point belongs to exactly one of the N shards and the shards are balanced across every axis
 * (consecutive seeds and widths land on different shards).
 *
 * Where the shard comes from (`resolveShard`), first match wins:
 * 1. the flag `--shard i/N` (0-based i);
 * 2. a SLURM job array: SLURM_ARRAY_TASK_ID, with the count from SLURM_ARRAY_TASK_COUNT or else from
 *    SLURM_ARRAY_TASK_MIN/MAX (and SLURM_ARRAY_TASK_STEP); the shard is (ID − MIN)/STEP, so
 *    `--array=1-8` and `--array=0-7` both give shards 0…7 of 8;
 * 3. a Kubernetes indexed job: JOB_COMPLETION_INDEX, with the count from the explicit `count` option
 *    (`--shard-count`) or OVERPARAM_SHARD_COUNT (Kubernetes does not export the completions count);
 * 4. a Grid Engine array job (`qsub -t FIRST-LAST:STEP`): SGE_TASK_ID with SGE_TASK_FIRST, SGE_TASK_LAST and
 *    SGE_TASK_STEPSIZE; the shard is (ID − FIRST)/STEP of (LAST − FIRST)/STEP + 1 (task ids start at 1).
 *    Grid Engine sets SGE_TASK_ID to "undefined" outside an array job, which counts as unset;
 * 5. otherwise the single shard 0/1.
 */
import { ConfigError } from '../../errors.js';

export interface Shard {
  index: number;
  count: number;
}

export interface ResolvedShard extends Shard {
  /** Where the shard came from, for messages. */
  source: 'flag' | 'slurm' | 'kubernetes' | 'gridengine' | 'none';
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where a shard came from, in messages. */
export const SHARD_SOURCE: Readonly<Record<ResolvedShard['source'], string>> = { flag: '--shard', slurm: 'SLURM', kubernetes: 'Kubernetes', gridengine: 'Grid Engine', none: 'no shard' };

/** The whole experiment as one shard. */
export const WHOLE: Shard = { index: 0, count: 1 };

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/** Whether the point at this position of the point order belongs to the shard. */
export function inShard(position: number, s: Shard): boolean {
  return position % s.count === s.index;
}

function checkShard(index: number, count: number, what: string): Shard {
  if (count < 1) throw new ConfigError(`${what}: the shard count must be at least 1; got ${count}`);
  if (index < 0 || index >= count) throw new ConfigError(`${what}: shard index ${index} is outside 0…${count - 1} (shards are numbered from 0)`);
  return { index, count };
}

/** Parses "i/N" (0 ≤ i < N), e.g. "0/4". */
export function parseShard(text: string, where = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ConfigError(`${where} must be i/N with 0 ≤ i < N (0-based), e.g. 0/4; got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) throw new ConfigError(`${where}: "${text}" has numbers too large`);
  if (count < 1 || index >= count) throw new ConfigError(`${where} must be i/N with 0 ≤ i < N (0-based), e.g. 0/4; got "${text}"`);
  return { index, count };
}

function envInteger(env: Environment, name: string, min = 0): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\s*-?\d+\s*$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min) {
    throw new ConfigError(`${name} must be an integer${min > 0 ? ` ≥ ${min}` : ' ≥ 0'}; got "${v}"`);
  }
  return Number(v);
}

function slurmShard(env: Environment, id: number): Shard {
  const min = envInteger(env, 'SLURM_ARRAY_TASK_MIN');
  const max = envInteger(env, 'SLURM_ARRAY_TASK_MAX');
  const step = envInteger(env, 'SLURM_ARRAY_TASK_STEP', 1) ?? 1;
  let count = envInteger(env, 'SLURM_ARRAY_TASK_COUNT', 1);
  const offset = id - (min ?? 0);
  if (offset < 0) throw new ConfigError(`SLURM_ARRAY_TASK_ID ${id} is below SLURM_ARRAY_TASK_MIN ${min}`);
  if (offset % step !== 0) throw new ConfigError(`SLURM_ARRAY_TASK_ID ${id} is not on the array's step ${step} from ${min ?? 0}`);
  if (count === undefined) {
    if (min === undefined || max === undefined) {
      throw new ConfigError('SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN and _MAX are: cannot tell the number of shards (pass --shard i/N)');
    }
    if (max < min) throw new ConfigError(`SLURM_ARRAY_TASK_MAX ${max} is below SLURM_ARRAY_TASK_MIN ${min}`);
    count = Math.floor((max - min) / step) + 1;
  }
  const index = offset / step;
  if (index >= count) {
    throw new ConfigError(
      `SLURM_ARRAY_TASK_ID ${id} maps to shard ${index}, but the array has ${count} tasks; ` +
        'use a contiguous array (e.g. --array=0-' + (count - 1) + ') or pass --shard i/N',
    );
  }
  return checkShard(index, count, 'SLURM array');
}

function gridEngineShard(env: Environment, id: number): Shard {
  const first = envInteger(env, 'SGE_TASK_FIRST', 1);
  const last = envInteger(env, 'SGE_TASK_LAST', 1);
  const step = envInteger(env, 'SGE_TASK_STEPSIZE', 1) ?? 1;
  if (first === undefined || last === undefined) throw new ConfigError('SGE_TASK_ID is set but SGE_TASK_FIRST and SGE_TASK_LAST are not: cannot tell the number of shards (pass --shard i/N)');
  if (last < first) throw new ConfigError(`SGE_TASK_LAST ${last} is below SGE_TASK_FIRST ${first}`);
  const offset = id - first;
  if (offset < 0 || id > last) throw new ConfigError(`SGE_TASK_ID ${id} is outside SGE_TASK_FIRST…SGE_TASK_LAST (${first}…${last})`);
  if (offset % step !== 0) throw new ConfigError(`SGE_TASK_ID ${id} is not on the array's step ${step} from ${first}`);
  return checkShard(offset / step, Math.floor((last - first) / step) + 1, 'Grid Engine array');
}

/**
 * This process's shard, from the flag or the environment (see the file comment for the order). `count`
 * is an explicit shard count for a Kubernetes indexed job (`--shard-count`); OVERPARAM_SHARD_COUNT is
 * its environment form.
 */
export function resolveShard(flag: string | undefined, env: Environment, opts: { count?: number } = {}): ResolvedShard {
  if (opts.count !== undefined && (!Number.isSafeInteger(opts.count) || opts.count < 1)) {
    throw new ConfigError(`the shard count must be a positive integer; got ${opts.count}`);
  }
  if (flag !== undefined) return { ...parseShard(flag), source: 'flag' };
  const slurmId = envInteger(env, 'SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) return { ...slurmShard(env, slurmId), source: 'slurm' };
  const k8sIndex = envInteger(env, 'JOB_COMPLETION_INDEX');
  if (k8sIndex !== undefined) {
    const count = opts.count ?? envInteger(env, 'OVERPARAM_SHARD_COUNT', 1);
    if (count === undefined) {
      throw new ConfigError(
        'JOB_COMPLETION_INDEX is set (a Kubernetes indexed job) but not the number of shards: Kubernetes does not export it, ' +
          'so set OVERPARAM_SHARD_COUNT (or --shard-count) to the job\'s completions',
      );
    }
    return { ...checkShard(k8sIndex, count, 'JOB_COMPLETION_INDEX'), source: 'kubernetes' };
  }
  const sgeId = env['SGE_TASK_ID'] === 'undefined' ? undefined : envInteger(env, 'SGE_TASK_ID', 1);
  if (sgeId !== undefined) return { ...gridEngineShard(env, sgeId), source: 'gridengine' };
  if (opts.count !== undefined) throw new ConfigError('a shard count was given but no shard index: pass --shard i/N, or run in a SLURM array, a Kubernetes indexed job or a Grid Engine array job');
  return { ...WHOLE, source: 'none' };
}
