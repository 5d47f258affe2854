/**
 * The patch operator of du2019 Sec 7 (φ_h) and liu2020's convolution, for stride 1 and zero ("same")
 * padding, in one or two spatial dimensions: row (n, p) of the patch matrix stacks, for each of the T
 * kernel taps t, the C channels of the input at position p + offset(t) (zeros outside the map).
 * Columns are ordered (tap, channel).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';

export interface PatchPlan {
  readonly pixels: number;
  readonly taps: number;
  readonly channels: number;
  /** source[p·T + t] = input pixel index, or −1 for padding. */
  readonly source: Int32Array;
}

export function patchPlan(spatial: readonly number[], kernel: number, channels: number): PatchPlan {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0) {
    throw new ConfigError(`convolution kernel size must be a positive odd integer (stride 1, same zero padding); got ${kernel}`);
  }
  if (spatial.length < 1 || spatial.length > 2) {
    throw new ConfigError(`convolution needs a 1-D or 2-D feature map; got ${spatial.length} spatial dimensions`);
  }
  const h = (kernel - 1) / 2;
  const dims = spatial.length;
  const taps = kernel ** dims;
  const P = spatial.reduce((a, b) => a * b, 1);
  const source = new Int32Array(P * taps);
  const [S0, S1 = 1] = spatial;
  for (let p = 0; p < P; p++) {
    const p0 = dims === 2 ? Math.floor(p / S1) : p;
    const p1 = dims === 2 ? p % S1 : 0;
    for (let t = 0; t < taps; t++) {
      const o0 = (dims === 2 ? Math.floor(t / kernel) : t) - h;
      const o1 = dims === 2 ? (t % kernel) - h : 0;
      const q0 = p0 + o0;
      const q1 = p1 + o1;
      source[p * taps + t] = q0 < 0 || q0 >= S0 || q1 < 0 || q1 >= S1 ? -1 : dims === 2 ? q0 * S1 + q1 : q0;
    }
  }
  return { pixels: P, taps, channels, source };
}

/** (N × P·C) → (N·P × T·C). */
export function im2col(plan: PatchPlan, x: Matrix): Matrix {
  const { pixels: P, taps: T, channels: C, source } = plan;
  const out = new Matrix(x.rows * P, T * C);
  for (let n = 0; n < x.rows; n++) {
    const xrow = n * P * C;
    for (let p = 0; p < P; p++) {
      const orow = (n * P + p) * T * C;
      for (let t = 0; t < T; t++) {
        const src = source[p * T + t];
        if (src < 0) continue;
        out.data.set(x.data.subarray(xrow + src * C, xrow + src * C + C), orow + t * C);
      }
    }
  }
  return out;
}

/** The adjoint of im2col: scatter-add (N·P × T·C) back to (N × P·C). */
export function col2im(plan: PatchPlan, g: Matrix, n: number): Matrix {
  const { pixels: P, taps: T, channels: C, source } = plan;
  const out = new Matrix(n, P * C);
  for (let i = 0; i < n; i++) {
    const xrow = i * P * C;
    for (let p = 0; p < P; p++) {
      const grow = (i * P + p) * T * C;
      for (let t = 0; t < T; t++) {
        const src = source[p * T + t];
        if (src < 0) continue;
        const dst = xrow + src * C;
        const from = grow + t * C;
        for (let c = 0; c < C; c++) out.data[dst + c] += g.data[from + c];
      }
    }
  }
  return out;
}
