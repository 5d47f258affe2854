/**
 * Activation functions σ with σ′ and σ″, scalar and vectorized (the vectorized ones are the hot path of
 * every forward, VJP, JVP and HVP), plus du2019's normalizing constant c_σ.
 *
 * Files: activations/types.ts (spec and contract), activations/spec.ts (JSON validation),
 * activations/piecewise.ts (relu, abrelu, leaky_relu, identity), activations/smooth.ts (softplus,
 * sigmoid, tanh, erf, swish, gelu).
 */
import { ConfigError } from '../errors.js';
import { gaussHermite } from '../linalg/quadrature.js';
import { ABRelu, Identity, Relu } from './activations/piecewise.js';
import { Erf, Gelu, Sigmoid, Softplus, Swish, Tanh } from './activations/smooth.js';
import { parseActivationSpec } from './activations/spec.js';
import type { Activation, ActivationSpec } from './activations/types.js';

export type { Activation, ActivationName, ActivationSpec, Reflection } from './activations/types.js';
export { ACTIVATION_NAMES } from './activations/types.js';
export { parseActivationSpec } from './activations/spec.js';

/**
 * The activation a spec names. The spec is validated like JSON input (ConfigError on a bad name or
 * parameter), so TypeScript callers and spec files meet the same checks.
 */
export function activation(spec: ActivationSpec): Activation {
  const s = parseActivationSpec(spec, 'activation');
  switch (s.name) {
    case 'relu':
      return new Relu(Object.freeze(s));
    case 'abrelu':
      return new ABRelu(Object.freeze(s), `abrelu(a=${s.a},b=${s.b})`, s.a, s.b);
    case 'leaky_relu':
      return new ABRelu(Object.freeze(s), `leaky_relu(alpha=${s.alpha})`, s.alpha, 1);
    case 'softplus':
      return new Softplus();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
    case 'erf':
      return new Erf();
    case 'swish':
      return new Swish(s);
    case 'gelu':
      return new Gelu();
    case 'identity':
      return new Identity();
  }
}

/** Default Gauss–Hermite nodes for cSigma: smooth σ² converge to round-off well before this. */
export const C_SIGMA_NODES = 200;

/**
 * du2019's normalizing constant c_σ = 1 / E_{z~N(0,1)}[σ(z)²] (du2019 §5 and App. A: with it the
 * layer-wise output scale stays O(1) at initialization), by Gauss–Hermite quadrature.
 *
 * For relu (and abrelu/leaky_relu/identity) the value is exact up to round-off at any node count: the
 * rule is symmetric and σ(z)² + σ(−z)² = (a² + b²)z² is a polynomial, so the kink costs nothing.
 */
export function cSigma(a: Activation, nodes = C_SIGMA_NODES): number {
  const { x, w } = gaussHermite(nodes);
  const s = new Float64Array(x.length);
  a.apply(x, s);
  let m = 0;
  for (let k = 0; k < x.length; k++) m += w[k] * s[k] * s[k];
  if (!(m > 0) || !Number.isFinite(m)) {
    throw new ConfigError(`cSigma: E[σ(z)²] = ${m} for ${a.name}; c_σ = 1/E[σ(z)²] needs a positive finite value`);
  }
  return 1 / m;
}
