/**
 * `rnn`: hidden-state norms of an Elman recurrence over time (RecurrentNode.hiddenStates).
 *   allenzhu2019 Lemma (forward stability at init): (1 − 1/(4L))^l ≤ ‖h_{i,l+1}‖ ≤ 2l + 4; with
 *   W ~ N(0, c/m) and zero inputs after l = 1 the norm tracks (c/2)^{(l−1)/2} (explosion/vanishing).
 * Keys: mean, min, max: arrays of length L, entry l−1 the statistic over examples i of ‖h_{i,l}‖₂.
 * The network's root must be a RecurrentNode (the allenzhu2019 preset); otherwise a ConfigError.
 */
import { ConfigError } from '../errors.js';
import { RecurrentNode } from '../nn/combinators/recurrent.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';

export type RnnOptions = Record<string, never>;

/** Per time step l = 1…L, the mean, smallest and largest ‖h_{i,l}‖₂ over the examples. */
export type RnnQuantities = { mean: number[]; min: number[]; max: number[] };

export function rnnProbe(options: RnnOptions = {}): Probe<RnnQuantities> {
  new OptionReader('rnn', options, []);
  return {
    name: 'rnn',
    measure(ctx: ProbeContext): RnnQuantities {
      const root = ctx.net.root;
      if (!(root instanceof RecurrentNode)) {
        throw new ConfigError(`probe "rnn": needs a recurrent network (e.g. the allenzhu2019 preset); ${ctx.net.name} is a ${root.kind} network`);
      }
      const hs = root.hiddenStates(ctx.params, ctx.x);
      const mean: number[] = [];
      const min: number[] = [];
      const max: number[] = [];
      for (const h of hs) {
        let lo = Infinity;
        let hi = -Infinity;
        let sum = 0;
        for (let i = 0; i < h.rows; i++) {
          let s = 0;
          for (let j = i * h.cols; j < (i + 1) * h.cols; j++) s += h.data[j] * h.data[j];
          const nrm = Math.sqrt(s);
          lo = Math.min(lo, nrm);
          hi = Math.max(hi, nrm);
          sum += nrm;
        }
        mean.push(sum / h.rows);
        min.push(lo);
        max.push(hi);
      }
      return { mean, min, max };
    },
  };
}
