/**
 * Kernel maps of the linear layers: dense, convolution (through the patch operator T), scale, flatten
 * and global average pooling. Notation of state.ts (mean form, per-coordinate NTK).
 *
 * Dense y = s·W·x + s_b·b, W entries iid with mean 0 and std σ, fan-in C_in (neural-tangents `Dense`;
 * kernels.md "Dense layer"):
 *   Σ' = s²σ²·C_in·Σ + s_b²σ_b²,   ν' = 0,
 *   Θ'_name = s²σ²·C_in·Θ_name for every existing term, plus Θ'_W = s²·C_in·Σ and Θ'_b = s_b² when trained.
 * Convolution (stride 1, zero padding, q^k taps; du2019 Sec 7, consistent reading of Def 7.1):
 *   T(A)[l, r] = Σ_t A_pad[l + o_t, r + o_t]  (the same tap offset on both sides: weight sharing),
 *   Σ' = s²σ²·C_in·T(Σ) + s_b²σ_b²,  Θ' = s²σ²·C_in·T(Θ),  Θ'_W = s²·C_in·T(Σ),  Θ'_b = s_b²,  ν' = 0.
 * Scale c: Σ' = c²Σ, ν' = cν, Θ' = c²Θ.
 * Flatten (C' = C·P): Σ' = (1/P)Σ_l Σ[l, l], Θ' likewise, ν' = (1/P)Σ_l ν(l).
 * Global average pooling: Σ' = (1/P²)Σ_{l,r} Σ[l, r], Θ' likewise, ν' = (1/P)Σ_l ν(l).
 */
import { ConfigError } from '../../errors.js';
import type { PatchPlan } from '../layers/im2col.js';
import type { ParamRef } from '../params.js';
import {
  addNtkTerm, affine, mapMeans, mapNtk, mapSelf, withFields, type KernelState,
} from './state.js';

/** The std of a tensor's entries at initialization; the limit needs zero-mean entries. */
export function initStd(ref: ParamRef): number {
  switch (ref.init.kind) {
    case 'normal':
      return ref.init.std;
    case 'zeros':
      return 0;
    case 'balancedSigns':
      return 1;
    case 'constant':
      if (ref.init.value === 0) return 0;
      throw new ConfigError(`${ref.name}: a constant initialization (${ref.init.value}) is not zero-mean; the infinite-width kernel map needs iid zero-mean entries`);
  }
}

export interface LinearKernelConstants {
  /** Input channels C_in (the fan-in per tap). */
  readonly inChannels: number;
  readonly outChannels: number;
  /** Forward multiplier s and entry std σ of W. */
  readonly scale: number;
  readonly weightStd: number;
  /** W's name when trained (it then adds an NTK term), else null. */
  readonly weightName: string | null;
  /** s_b and σ_b (σ_b = 0 without a bias). */
  readonly biasScale: number;
  readonly biasStd: number;
  /** b's name when there is a trained bias, else null. */
  readonly biasName: string | null;
  /** The convolution's patch plan; null for a dense layer. */
  readonly plan: PatchPlan | null;
}

/** T(A) for `blocks` consecutive P×P blocks (a copy when plan is null). */
export function patchSum(plan: PatchPlan | null, a: Float64Array, blocks: number): Float64Array {
  if (plan === null) return a.slice();
  const { pixels: P, taps: T, source } = plan;
  const out = new Float64Array(a.length);
  for (let b = 0; b < blocks; b++) {
    const base = b * P * P;
    for (let l = 0; l < P; l++) {
      for (let r = 0; r < P; r++) {
        let sum = 0;
        for (let t = 0; t < T; t++) {
          const sl = source[l * T + t];
          const sr = source[r * T + t];
          if (sl >= 0 && sr >= 0) sum += a[base + sl * P + sr];
        }
        out[base + l * P + r] = sum;
      }
    }
  }
  return out;
}

/** The dense / convolution map (see the file comment). */
export function linearKernelMap(s: KernelState, k: LinearKernelConstants): KernelState {
  const g = k.scale * k.scale * k.weightStd * k.weightStd * k.inChannels;
  const bias = k.biasScale * k.biasScale * k.biasStd * k.biasStd;
  const nPairs = s.n1 * s.n2;
  const T = (a: Float64Array, blocks: number): Float64Array => patchSum(k.plan, a, blocks);
  const tcov = T(s.cov, nPairs);
  const ntk = mapNtk(s.ntk, (t) => affine(T(t, nPairs), g));
  if (k.weightName !== null) addNtkTerm(ntk, k.weightName, affine(tcov, k.scale * k.scale * k.inChannels));
  if (k.biasName !== null) addNtkTerm(ntk, k.biasName, new Float64Array(tcov.length).fill(k.biasScale * k.biasScale));
  return withFields(s, {
    channels: k.outChannels,
    cov: affine(tcov, g, bias),
    ...mapSelf(s, (a, n) => affine(T(a, n), g, bias)),
    ...mapMeans(s, (m) => new Float64Array(m.length)),
    ntk,
    gaussian: true,
  });
}

/** y = c·x. */
export function scaleKernelMap(s: KernelState, c: number): KernelState {
  const c2 = c * c;
  return withFields(s, {
    cov: affine(s.cov, c2),
    ...mapSelf(s, (a) => affine(a, c2)),
    ...mapMeans(s, (m) => affine(m, c)),
    ntk: mapNtk(s.ntk, (t) => affine(t, c2)),
  });
}

/** Σ' = w_diag·Σ_l A[l, l] + w_all·Σ_{l≠r} A[l, r] per P×P block. */
function reduceBlocks(a: Float64Array, blocks: number, P: number, wDiag: number, wOff: number): Float64Array {
  const out = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let d = 0;
    let o = 0;
    const base = b * P * P;
    // Each off-diagonal pair (l, r), (r, l) is added as one sum, so the block of (j, i), which holds the
    // transposed entries, adds the same numbers in the same order: symmetric states stay exactly symmetric.
    for (let l = 0; l < P; l++) {
      d += a[base + l * P + l];
      for (let r = l + 1; r < P; r++) o += a[base + l * P + r] + a[base + r * P + l];
    }
    out[b] = wDiag * d + wOff * o;
  }
  return out;
}

function pixelMean(m: Float64Array, n: number, P: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let l = 0; l < P; l++) t += m[i * P + l];
    out[i] = t / P;
  }
  return out;
}

/**
 * flatten ('flatten') or global average pooling ('pool') to a vector state. Flattened coordinates are
 * not identically distributed across pixels, so the result is not marked Gaussian (an activation right
 * after a flatten has no map); pooled Gaussian coordinates stay Gaussian.
 */
export function reduceKernelMap(s: KernelState, how: 'flatten' | 'pool'): KernelState {
  const P = s.pixels;
  const [wd, wo] = how === 'flatten' ? [1 / P, 0] : [1 / (P * P), 1 / (P * P)];
  const nPairs = s.n1 * s.n2;
  return withFields(s, {
    spatial: [],
    pixels: 1,
    channels: how === 'flatten' ? s.channels * P : s.channels,
    cov: reduceBlocks(s.cov, nPairs, P, wd, wo),
    ...mapSelf(s, (a, n) => reduceBlocks(a, n, P, wd, wo)),
    ...mapMeans(s, (m, n) => pixelMean(m, n, P)),
    ntk: mapNtk(s.ntk, (t) => reduceBlocks(t, nPairs, P, wd, wo)),
    gaussian: how === 'pool' ? s.gaussian : s.gaussian && P === 1,
  });
}
