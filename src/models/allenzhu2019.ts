/**
 * allenzhu2019 (Allen-Zhu, Li, Song: "On the convergence rate of training recurrent neural networks",
 * Sec 2): Elman RNN h_l = φ(W·h_{l−1} + A·x_l), y_l = B·h_l, ReLU with D = diag(1[g ≥ 0]) (φ'(0) = 1);
 * W, A ~ N(0, 2/m), B ~ N(0, 1/d) entrywise; only W is trained. `recurrentStd` replaces √(2/m) for W
 * (the explosion/vanishing control: W ~ N(0, c/m)).
 */
import { ConfigError } from '../errors.js';
import { Network } from '../nn/network.js';
import { recurrent } from '../nn/combinators/recurrent.js';

export interface AllenZhu2019Options {
  /** Token dimension d_x. */
  inputDim: number;
  /** Sequence length L. */
  length: number;
  /** Hidden width m. */
  width: number;
  /** Output dimension d. */
  outputs: number;
  /** Variance multiplier c for W ~ N(0, c/m) (default 2, the paper's). */
  recurrentGain?: number;
}

export function allenZhu2019(o: AllenZhu2019Options): Network {
  for (const [k, v] of [['inputDim', o.inputDim], ['length', o.length], ['width', o.width], ['outputs', o.outputs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`allenzhu2019: ${k} must be a positive integer; got ${v}`);
  }
  const c = o.recurrentGain ?? 2;
  if (!(c > 0)) throw new ConfigError(`allenzhu2019: recurrentGain must be positive; got ${c}`);
  return new Network(
    recurrent({ width: o.width, outputs: o.outputs, stdW: Math.sqrt(c / o.width) }),
    { channels: o.inputDim, spatial: [o.length] },
    `allenzhu2019(L=${o.length}, m=${o.width})`,
  );
}
