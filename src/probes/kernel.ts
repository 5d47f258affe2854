/**
 * `kernel`: the empirical tangent kernel G(t) on the training set (output-traced, Σ_c Θ_cc; kernels.md)
 * and its drift from G(0).
 *   du2019 Sec 4: G = Σ_h G^(h); λ_min(G^(H)(k)) ≥ λ0/2 while ‖G^(H)(k) − G^(H)(0)‖₂ ≤ λ0/4 (Lemma B.4/C.4);
 *   du2019 "what to show" E: sup_k ‖G(k) − G(0)‖₂/‖G(0)‖₂ decreasing in m;
 *   liu2020 App. C: ΔK = ‖K(w_t) − K(w_0)‖_F/‖K(w_0)‖_F.
 *
 * G(0) (and its parts) are taken at the first record — step 0 in the trainer — and kept in ctx.state.
 *
 * Keys: drift ‖G(t) − G(0)‖₂/‖G(0)‖₂; driftFrobenius (the Frobenius analogue); lambdaMin, lambdaMax,
 * condition (null when G(t) is singular to working precision), singular (1/0) of G(t) via
 * kernelSpectrum; partLambdaMin, partDrift, partDriftFrobenius: { [part name]: value } for the chosen
 * part G^(H); driftByParam: { [tensor]: ‖G^(h)(t) − G^(h)(0)‖₂/‖G^(h)(0)‖₂ } for every trainable tensor
 * (null when G^(h)(0) = 0); examples: the number of training examples the kernel is taken on.
 *
 * Options:
 *   part — the tensor whose G^(h) is tracked; default du2019's last hidden layer: the last trainable
 *          weight declared before the output layer (structure.ts lastHiddenTensor).
 *   maxExamples (default 256) — G is O(n²) memory and its spectrum O(n³): a larger training set is
 *          refused with a ConfigError, unless
 *   subsample (default false) — then the kernel is taken on maxExamples evenly spaced examples
 *          (rows ⌊k·n/maxExamples⌋, the same at every record); `examples` reports the count.
 *   matrix (default false) — also return G(t) itself, row-major (`matrix`: n² numbers; the playground's heatmaps).
 *   parts (default true) — false skips the per-tensor kernels G^(h) and their spectra: no partLambdaMin,
 *          partDrift, partDriftFrobenius or driftByParam (what a view of G(t) alone needs).
 */
import { ConfigError } from '../errors.js';
import { empiricalKernel } from '../kernels/empirical.js';
import { kernelSpectrum } from '../kernels/spectrum.js';
import { Matrix } from '../linalg/matrix.js';
import { frobeniusNorm, spectralNorm } from '../linalg/norms.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';
import { lastHiddenTensor, trainableNamed } from './structure.js';

export type KernelProbeOptions = { part?: string; maxExamples?: number; subsample?: boolean; matrix?: boolean; parts?: boolean };

interface KernelReference {
  rows: Int32Array | null;
  part: string;
  g0: Matrix;
  parts0: Map<string, Matrix>;
  norm0: number;
  frob0: number;
  partNorms0: Map<string, number>;
}

/** Deterministic evenly spaced rows ⌊k·n/count⌋, k < count. */
export function evenlySpaced(n: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, k) => Math.floor((k * n) / count));
}

export function selectRows(x: Matrix, rows: Int32Array | null): Matrix {
  if (rows === null) return x;
  const out = new Matrix(rows.length, x.cols);
  for (let k = 0; k < rows.length; k++) out.data.set(x.data.subarray(rows[k] * x.cols, (rows[k] + 1) * x.cols), k * x.cols);
  return out;
}

function difference(a: Matrix, b: Matrix): Matrix {
  const d = new Matrix(a.rows, a.cols);
  for (let i = 0; i < d.data.length; i++) d.data[i] = a.data[i] - b.data[i];
  return d;
}

/** ‖A − B‖₂ for symmetric A, B (max |λ| of the difference). */
function symmetricDistance(a: Matrix, b: Matrix): number {
  return spectralNorm(difference(a, b), { symmetric: true });
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The kernel probe's quantities (see the header): ratios are null where the reference norm is 0. */
export type KernelQuantities = {
  drift: number | null;
  driftFrobenius: number | null;
  lambdaMin: number;
  lambdaMax: number;
  condition: number | null;
  singular: number;
  /** These four: absent with parts: false. */
  partLambdaMin?: Record<string, number>;
  partDrift?: Record<string, number | null>;
  partDriftFrobenius?: Record<string, number | null>;
  driftByParam?: Record<string, number | null>;
  examples: number;
  /** G(t) row-major, with the matrix option. */
  matrix?: number[];
};

export function kernelProbe(options: KernelProbeOptions = {}): Probe<KernelQuantities> {
  const o = new OptionReader('kernel', options, ['part', 'maxExamples', 'subsample', 'matrix', 'parts']);
  const partOption = o.string('part');
  const maxExamples = o.integer('maxExamples', 256);
  const subsample = o.boolean('subsample', false);
  const withMatrix = o.boolean('matrix', false);
  const withParts = o.boolean('parts', true);

  const kernelAt = (ctx: ProbeContext, params: Float64Array, rows: Int32Array | null) =>
    empiricalKernel(ctx.net, params, selectRows(ctx.x, rows), undefined, { outputs: 'trace', perParam: withParts });

  return {
    name: 'kernel',
    measure(ctx: ProbeContext): KernelQuantities {
      const ref = ctx.state<KernelReference>('kernel.reference', () => {
        const n = ctx.x.rows;
        if (n > maxExamples && !subsample) {
          throw new ConfigError(
            `probe "kernel": the training set has ${n} examples but option maxExamples is ${maxExamples} ` +
              `(the kernel is n×n, its spectrum O(n³)); raise maxExamples or set subsample: true to use ${maxExamples} evenly spaced examples`,
          );
        }
        const rows = n > maxExamples ? evenlySpaced(n, maxExamples) : null;
        const part = partOption === undefined ? lastHiddenTensor(ctx.net).name : trainableNamed(ctx.net, partOption, 'kernel', 'part').name;
        // G(0) at the initial parameters, whatever step this first record is at.
        const k0 = kernelAt(ctx, ctx.params0, rows);
        const parts0 = k0.byParam ?? new Map<string, Matrix>();
        return {
          rows,
          part,
          g0: k0.kernel,
          parts0,
          norm0: spectralNorm(k0.kernel, { symmetric: true }),
          frob0: frobeniusNorm(k0.kernel),
          partNorms0: new Map([...parts0].map(([name, m]) => [name, spectralNorm(m, { symmetric: true })] as [string, number])),
        };
      });
      const k = ctx.step === 0 && ctx.params.every((v, i) => v === ctx.params0[i])
        ? { kernel: ref.g0, byParam: ref.parts0 }
        : kernelAt(ctx, ctx.params, ref.rows);
      const spec = kernelSpectrum(k.kernel, 'the tangent kernel G(t)');
      const whole = {
        drift: ratio(symmetricDistance(k.kernel, ref.g0), ref.norm0),
        driftFrobenius: ratio(frobeniusNorm(difference(k.kernel, ref.g0)), ref.frob0),
        lambdaMin: spec.lambdaMin,
        lambdaMax: spec.lambdaMax,
        condition: Number.isFinite(spec.condition) ? spec.condition : null,
        singular: spec.singular ? 1 : 0,
      };
      const tail = { examples: k.kernel.rows, ...(withMatrix ? { matrix: Array.from(k.kernel.data) } : {}) };
      if (!withParts) return { ...whole, ...tail };
      const parts = k.byParam ?? new Map<string, Matrix>();
      const g = parts.get(ref.part);
      const g0 = ref.parts0.get(ref.part);
      if (!g || !g0) throw new Error(`kernel probe: no kernel part for ${ref.part}`);
      const partSpec = kernelSpectrum(g, `the kernel part G^(H) of ${ref.part}`);
      const driftByParam: Record<string, number | null> = {};
      for (const [name, m] of parts) driftByParam[name] = ratio(symmetricDistance(m, ref.parts0.get(name)!), ref.partNorms0.get(name)!);
      return {
        ...whole,
        partLambdaMin: { [ref.part]: partSpec.lambdaMin },
        partDrift: { [ref.part]: ratio(symmetricDistance(g, g0), ref.partNorms0.get(ref.part)!) },
        partDriftFrobenius: { [ref.part]: ratio(frobeniusNorm(difference(g, g0)), frobeniusNorm(g0)) },
        driftByParam,
        ...tail,
      };
    },
  };
}
