/**
 * Smooth activations: softplus, sigmoid, tanh, erf, swish, gelu, with closed-form σ′ and σ″ written to
 * stay accurate (no overflow, no cancellation) for large |z|. Each scalar kernel is a plain module
 * function; the vectorized loops call the same function, so vectorized and scalar results are identical.
 */
import { erf, expNegSquare, normalCdf, normalPdf } from '../../linalg/special/erf.js';
import { type Activation, type ActivationSpec, checkLengths, type Reflection } from './types.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

// --- sigmoid s(z) = 1/(1 + e^{−z}) and its derivatives, from e = e^{−|z|} ∈ (0, 1] -------------------

export function sigmoidValue(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** s′ = s(1 − s) = e/(1 + e)², e = e^{−|z|}: no cancellation in either tail. */
export function sigmoidD1(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const p = 1 + e;
  return e / (p * p);
}

/** s″ = s(1 − s)(1 − 2s) = −sign(z)·e(1 − e)/(1 + e)³, with 1 − e = −expm1(−|z|) near 0. */
export function sigmoidD2(x: number): number {
  const a = Math.abs(x);
  let e: number;
  let om: number;
  if (a < 0.5) {
    const em = Math.expm1(-a);
    e = 1 + em;
    om = -em;
  } else {
    e = Math.exp(-a);
    om = 1 - e;
  }
  const p = 1 + e;
  const t = (e * om) / (p * p * p);
  return x > 0 ? -t : t;
}

// --- softplus log(1 + e^z): σ′ = s(z), σ″ = s′(z) ---------------------------------------------------

export function softplusValue(x: number): number {
  return Math.log1p(Math.exp(-Math.abs(x))) + (x > 0 ? x : 0);
}

/**
 * applyWithD1 of softplus (σ = log(1 + e^z), σ′ = s(z)) or of the sigmoid (σ = s(z), σ′ = s′(z)), both
 * from the one exponential e = e^{−|z|}: s = 1/(1 + e) for z ≥ 0, e/(1 + e) below, s′ = e/(1 + e)² —
 * the formulas of softplusValue, sigmoidValue and sigmoidD1, so the values are theirs bit for bit.
 */
function fromExpNegAbs(name: string, z: Float64Array, out: Float64Array, outD1: Float64Array, softplus: boolean): void {
  checkLengths(name, 'applyWithD1', z, out);
  checkLengths(name, 'applyWithD1', z, outD1);
  for (let i = 0; i < z.length; i++) {
    const x = z[i];
    const e = Math.exp(-Math.abs(x));
    const p = 1 + e;
    const sig = x >= 0 ? 1 / p : e / p;
    if (softplus) {
      out[i] = Math.log1p(e) + (x > 0 ? x : 0);
      outD1[i] = sig;
    } else {
      out[i] = sig;
      outD1[i] = e / (p * p);
    }
  }
}

// --- tanh: σ′ = sech² z = 4e/(1 + e)², e = e^{−2|z|} (not 1 − tanh², which cancels); σ″ = −2 tanh·sech² ---

export function tanhD1(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const p = 1 + e;
  return (4 * e) / (p * p);
}

export function tanhD2(x: number): number {
  return -2 * Math.tanh(x) * tanhD1(x);
}

// --- erf: σ′ = (2/√π) e^{−z²}, σ″ = −2z σ′ ----------------------------------------------------------

export function erfD1(x: number): number {
  return TWO_OVER_SQRT_PI * expNegSquare(x);
}

export function erfD2(x: number): number {
  const g = erfD1(x);
  return g === 0 ? 0 : -2 * x * g;
}

// --- swish z·s(βz): σ′ = s + βz·s(1 − s), σ″ = β·s(1 − s)·(2 + βz(1 − 2s)) ---------------------------

export function swishValue(x: number, beta: number): number {
  const s = sigmoidValue(beta * x);
  return s === 0 ? 0 : x * s; // not ∞·0 = NaN at z = ∓∞
}

export function swishD1(x: number, beta: number): number {
  const bx = beta * x;
  const g = sigmoidD1(bx);
  return g === 0 ? sigmoidValue(bx) : sigmoidValue(bx) + bx * g;
}

export function swishD2(x: number, beta: number): number {
  const bx = beta * x;
  const g = sigmoidD1(bx);
  return g === 0 ? 0 : beta * g * (2 + bx * (1 - 2 * sigmoidValue(bx)));
}

// --- gelu z·Φ(z): σ′ = Φ + zφ, σ″ = φ(2 − z²) ---------------------------------------------------------

export function geluValue(x: number): number {
  const p = normalCdf(x);
  return p === 0 ? 0 : x * p; // not −∞·0 = NaN at z = −∞
}

export function geluD1(x: number): number {
  const p = normalPdf(x);
  return p === 0 ? normalCdf(x) : normalCdf(x) + x * p;
}

export function geluD2(x: number): number {
  const p = normalPdf(x);
  return p === 0 ? 0 : p * (2 - x * x);
}

// --- the Activation objects ---------------------------------------------------------------------------

const frozen = <T extends ActivationSpec>(s: T): T => Object.freeze({ ...s });

/** tanh, erf: σ(−z) = −σ(z). */
const ODD: Reflection = Object.freeze({ s: -1, beta: 0, gamma: 0 });
/** sigmoid: s(−z) = 1 − s(z). */
const COMPLEMENT: Reflection = Object.freeze({ s: -1, beta: 1, gamma: 0 });
/** softplus, swish, gelu: σ(−z) = σ(z) − z (log(1 + e^{−z}) = log(1 + e^z) − z; −z·s(−βz) = z·s(βz) − z; −zΦ(−z) = zΦ(z) − z). */
const MINUS_IDENTITY: Reflection = Object.freeze({ s: 1, beta: 0, gamma: -1 });

export class Softplus implements Activation {
  readonly spec = frozen({ name: 'softplus' as const });
  readonly name = 'softplus';
  readonly piecewiseLinear = false;
  readonly reflection = MINUS_IDENTITY;
  readonly applyWithD1Exact = true;
  value(z: number): number {
    return softplusValue(z);
  }
  d1(z: number): number {
    return sigmoidValue(z);
  }
  d2(z: number): number {
    return sigmoidD1(z);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) out[i] = softplusValue(z[i]);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    for (let i = 0; i < z.length; i++) out[i] = sigmoidValue(z[i]);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    for (let i = 0; i < z.length; i++) out[i] = sigmoidD1(z[i]);
  }
  /** softplusValue and sigmoidValue from one e^{−|z|}: both bit for bit. */
  applyWithD1(z: Float64Array, out: Float64Array, outD1: Float64Array): void {
    fromExpNegAbs(this.name, z, out, outD1, true);
  }
}

export class Sigmoid implements Activation {
  readonly spec = frozen({ name: 'sigmoid' as const });
  readonly name = 'sigmoid';
  readonly piecewiseLinear = false;
  readonly reflection = COMPLEMENT;
  readonly applyWithD1Exact = true;
  value(z: number): number {
    return sigmoidValue(z);
  }
  d1(z: number): number {
    return sigmoidD1(z);
  }
  d2(z: number): number {
    return sigmoidD2(z);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) out[i] = sigmoidValue(z[i]);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    for (let i = 0; i < z.length; i++) out[i] = sigmoidD1(z[i]);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    for (let i = 0; i < z.length; i++) out[i] = sigmoidD2(z[i]);
  }
  /** sigmoidValue and sigmoidD1 from one e^{−|z|}: both bit for bit. */
  applyWithD1(z: Float64Array, out: Float64Array, outD1: Float64Array): void {
    fromExpNegAbs(this.name, z, out, outD1, false);
  }
}

export class Tanh implements Activation {
  readonly spec = frozen({ name: 'tanh' as const });
  readonly name = 'tanh';
  readonly piecewiseLinear = false;
  readonly reflection = ODD;
  value(z: number): number {
    return Math.tanh(z);
  }
  d1(z: number): number {
    return tanhD1(z);
  }
  d2(z: number): number {
    return tanhD2(z);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i]);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    for (let i = 0; i < z.length; i++) out[i] = tanhD1(z[i]);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    for (let i = 0; i < z.length; i++) out[i] = tanhD2(z[i]);
  }
  /** tanh bit for bit, and σ′ = 1 − tanh² (absolute error ≤ 2 ulps of 1; applyD1 avoids the cancellation). */
  applyWithD1(z: Float64Array, out: Float64Array, outD1: Float64Array): void {
    checkLengths(this.name, 'applyWithD1', z, out);
    checkLengths(this.name, 'applyWithD1', z, outD1);
    for (let i = 0; i < z.length; i++) {
      const t = Math.tanh(z[i]);
      out[i] = t;
      outD1[i] = 1 - t * t;
    }
  }
}

export class Erf implements Activation {
  readonly spec = frozen({ name: 'erf' as const });
  readonly name = 'erf';
  readonly piecewiseLinear = false;
  readonly reflection = ODD;
  value(z: number): number {
    return erf(z);
  }
  d1(z: number): number {
    return erfD1(z);
  }
  d2(z: number): number {
    return erfD2(z);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) out[i] = erf(z[i]);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    for (let i = 0; i < z.length; i++) out[i] = erfD1(z[i]);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    for (let i = 0; i < z.length; i++) out[i] = erfD2(z[i]);
  }
}

export class Swish implements Activation {
  readonly spec: ActivationSpec;
  readonly name: string;
  readonly piecewiseLinear = false;
  readonly reflection = MINUS_IDENTITY;
  private readonly beta: number;
  constructor(spec: ActivationSpec & { name: 'swish' }) {
    this.spec = frozen(spec);
    this.beta = spec.beta ?? 1;
    this.name = spec.beta === undefined ? 'swish' : `swish(beta=${spec.beta})`;
  }
  value(z: number): number {
    return swishValue(z, this.beta);
  }
  d1(z: number): number {
    return swishD1(z, this.beta);
  }
  d2(z: number): number {
    return swishD2(z, this.beta);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    const beta = this.beta;
    for (let i = 0; i < z.length; i++) out[i] = swishValue(z[i], beta);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    const beta = this.beta;
    for (let i = 0; i < z.length; i++) out[i] = swishD1(z[i], beta);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    const beta = this.beta;
    for (let i = 0; i < z.length; i++) out[i] = swishD2(z[i], beta);
  }
}

export class Gelu implements Activation {
  readonly spec = frozen({ name: 'gelu' as const });
  readonly name = 'gelu';
  readonly piecewiseLinear = false;
  readonly reflection = MINUS_IDENTITY;
  value(z: number): number {
    return geluValue(z);
  }
  d1(z: number): number {
    return geluD1(z);
  }
  d2(z: number): number {
    return geluD2(z);
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) out[i] = geluValue(z[i]);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    for (let i = 0; i < z.length; i++) out[i] = geluD1(z[i]);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    for (let i = 0; i < z.length; i++) out[i] = geluD2(z[i]);
  }
}
