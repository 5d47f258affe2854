/** Timing helpers for benchmarks: best-of-repeats wall time with a warm-up. */

export interface Timing {
  /** Best (smallest) wall time of one call, seconds. */
  best: number;
  /** Median wall time, seconds. */
  median: number;
  /** Mean wall time, seconds. */
  mean: number;
  repeats: number;
}

/** Times fn: one warm-up call, then at least minRepeats calls and until minSeconds have passed. */
export function time(fn: () => void, opts: { minRepeats?: number; minSeconds?: number; maxRepeats?: number } = {}): Timing {
  const minRepeats = opts.minRepeats ?? 3;
  const minSeconds = opts.minSeconds ?? 0.5;
  const maxRepeats = opts.maxRepeats ?? 100;
  fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < minRepeats || (total < minSeconds && samples.length < maxRepeats)) {
    const t0 = process.hrtime.bigint();
    fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    samples.push(s);
    total += s;
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0], median: samples[Math.floor(samples.length / 2)], mean: total / samples.length, repeats: samples.length };
}
