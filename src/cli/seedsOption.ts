/**
 * The seeds of `overparam reproduce`: `--seeds N` (seeds 0…N−1), `--seeds 3,7,11` (these seeds), or
 * `-s/--seed s` (the one seed s); by default 3 seeds at quick scale and 2 at full scale.
 */
import { ConfigError } from '../errors.js';
import type { Scale } from '../experiments/claims/claim.js';

export const DEFAULT_SEEDS: Record<Scale, number> = { quick: 3, full: 2 };

/** The most seeds one run takes (a count beyond it is almost surely a typo). */
export const MAX_SEEDS = 1000;

const USAGE = 'a count N ≥ 1 (seeds 0…N−1) or a comma-separated list of distinct seeds ≥ 0, e.g. 3,7,11';

/** Parses the text of --seeds. */
export function parseSeeds(text: string): number[] {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > MAX_SEEDS) throw new ConfigError(`--seeds must be ${USAGE}; a count must lie in 1…${MAX_SEEDS}; got "${text}"`);
    return Array.from({ length: n }, (_, i) => i);
  }
  if (!t.includes(',')) throw new ConfigError(`--seeds must be ${USAGE}; got "${text}"`);
  const seeds: number[] = [];
  for (const part of t.split(',')) {
    const s = part.trim();
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new ConfigError(`--seeds must be ${USAGE}; "${s}" in "${text}" is not an integer ≥ 0`);
    const seed = Number(s);
    if (seeds.includes(seed)) throw new ConfigError(`--seeds lists seed ${seed} twice ("${text}"); give each seed once`);
    seeds.push(seed);
  }
  if (seeds.length > MAX_SEEDS) throw new ConfigError(`--seeds lists ${seeds.length} seeds; at most ${MAX_SEEDS}`);
  return seeds;
}

/** The run's seeds from -s/--seed and --seeds (at most one of them) and the scale's default. */
export function resolveSeeds(seed: string | undefined, seeds: string | undefined, scale: Scale): number[] {
  if (seed !== undefined && seeds !== undefined) throw new ConfigError('give -s/--seed (one seed) or --seeds (several), not both');
  if (seeds !== undefined) return parseSeeds(seeds);
  if (seed !== undefined) {
    const s = seed.trim();
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new ConfigError(`--seed must be an integer ≥ 0; got "${seed}"`);
    return [Number(s)];
  }
  return Array.from({ length: DEFAULT_SEEDS[scale] }, (_, i) => i);
}
