/**
 * Piecewise-linear activations: relu, abrelu (and leaky_relu, which is abrelu(α, 1)), identity.
 * σ″ = 0 everywhere it exists; σ′ at the kink is a stated convention. NaN inputs give NaN (not 0).
 */
import { type Activation, type ActivationSpec, checkLengths } from './types.js';

export function reluValue(x: number): number {
  // x·1[x > 0]: branch-free (random signs defeat branch prediction; 4× faster vectorized). NaN passes
  // through; negative inputs give −0, which equals 0 and changes no sum or product.
  return x * +(x > 0);
}

/** σ′ with σ′(0) = d0. */
export function reluD1(x: number, d0: number): number {
  return x > 0 ? 1 : x < 0 ? 0 : x === 0 ? d0 : NaN;
}

export function abreluValue(x: number, a: number, b: number): number {
  return x < 0 ? a * x : b * x;
}

/** σ′ = a for z < 0, b for z ≥ 0 (so σ′(0) = b, as for leaky_relu's σ′(0) = 1). */
export function abreluD1(x: number, a: number, b: number): number {
  return x < 0 ? a : x >= 0 ? b : NaN;
}

export class Relu implements Activation {
  readonly name: string;
  readonly piecewiseLinear = true;
  private readonly d0: number;

  constructor(readonly spec: ActivationSpec & { name: 'relu' }) {
    this.d0 = spec.derivativeAtZero ?? 0;
    this.name = spec.derivativeAtZero === undefined ? 'relu' : `relu(derivativeAtZero=${this.d0})`;
  }

  value(z: number): number {
    return reluValue(z);
  }
  d1(z: number): number {
    return reluD1(z, this.d0);
  }
  d2(_z: number): number {
    return 0;
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    for (let i = 0; i < z.length; i++) {
      const v = z[i];
      out[i] = v * +(v > 0); // = reluValue, inlined
    }
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    const d0 = this.d0;
    for (let i = 0; i < z.length; i++) {
      const v = z[i];
      // +(v > 0) is branch-free; the exact zero and NaN cases are rare and well predicted.
      out[i] = v === 0 ? d0 : v !== v ? NaN : +(v > 0);
    }
  }
  applyD1Times(z: Float64Array, g: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1Times', z, g);
    checkLengths(this.name, 'applyD1Times', z, out);
    const d0 = this.d0;
    for (let i = 0; i < z.length; i++) {
      const v = z[i];
      out[i] = (v === 0 ? d0 : v !== v ? NaN : +(v > 0)) * g[i];
    }
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    out.fill(0);
  }
}

/** abrelu(a, b); leaky_relu(α) is built as this with (a, b) = (α, 1) but keeps its own spec and name. */
export class ABRelu implements Activation {
  readonly piecewiseLinear = true;

  constructor(
    readonly spec: ActivationSpec,
    readonly name: string,
    private readonly a: number,
    private readonly b: number,
  ) {}

  value(z: number): number {
    return abreluValue(z, this.a, this.b);
  }
  d1(z: number): number {
    return abreluD1(z, this.a, this.b);
  }
  d2(_z: number): number {
    return 0;
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    const a = this.a;
    const b = this.b;
    for (let i = 0; i < z.length; i++) out[i] = abreluValue(z[i], a, b);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    const a = this.a;
    const b = this.b;
    for (let i = 0; i < z.length; i++) out[i] = abreluD1(z[i], a, b);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    out.fill(0);
  }
}

export class Identity implements Activation {
  readonly spec: ActivationSpec = Object.freeze({ name: 'identity' as const });
  readonly name = 'identity';
  readonly piecewiseLinear = true;

  value(z: number): number {
    return z;
  }
  d1(_z: number): number {
    return 1;
  }
  d2(_z: number): number {
    return 0;
  }
  apply(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'apply', z, out);
    if (out !== z) out.set(z);
  }
  applyD1(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD1', z, out);
    out.fill(1);
  }
  applyD2(z: Float64Array, out: Float64Array): void {
    checkLengths(this.name, 'applyD2', z, out);
    out.fill(0);
  }
}
