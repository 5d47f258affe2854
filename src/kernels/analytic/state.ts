/**
 * The infinite-width kernel state of a row set and a column set of inputs, and the state of the raw
 * inputs themselves. The type and the per-layer maps live beside the layers (nn/infiniteWidth/, the
 * layers' `kernelMap` face), since nn/ may not import from kernels/; this module re-exports the type and
 * builds the initial state.
 *
 * Convention (mean form, see nn/infiniteWidth/state.ts): for inputs x with C channels at P pixels
 * (pixel-major rows, index = pixel·C + channel, as everywhere in nn/),
 *   Σ⁰_ij[l, r] = (1/C)·Σ_c x_i(l, c)·x_j(r, c),   ν⁰_i(l) = (1/C)·Σ_c x_i(l, c),   Θ⁰ = 0
 * (kernels.md: Σ⁰(x, x') = x·x'/d for vectors; du2019 P^(0)_ij = x_iᵀx_j = C·Σ⁰_ij for maps).
 */
import { ShapeError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { matmul } from '../../linalg/products.js';
import { featureSize, pixels, shapeString, type FeatureShape } from '../../nn/shape.js';
import type { KernelState } from '../../nn/infiniteWidth/state.js';

export type { KernelMapOptions, KernelState } from '../../nn/infiniteWidth/state.js';
export { MIN_KERNEL_QUADRATURE_NODES } from '../../nn/infiniteWidth/state.js';

function checkInputs(name: string, x: Matrix, shape: FeatureShape): void {
  const need = featureSize(shape);
  if (x.cols !== need) {
    throw new ShapeError(`${name} must have ${need} features per example (${shapeString(shape)}); got a ${x.shapeString} batch`);
  }
  if (x.rows < 1) throw new ShapeError(`${name} must hold at least one example; got ${x.shapeString}`);
  if (!x.isFinite()) throw new ShapeError(`${name} contains NaN or ±Infinity`);
}

/** (n × P·C) rows seen as (n·P) × C: one row per (example, pixel). */
function pixelRows(x: Matrix, C: number): Matrix {
  return new Matrix(x.data.length / C, C, x.data);
}

function blockSelf(g: Matrix, n: number, P: number): Float64Array {
  // g is (n·P) × (n·P) (rows (i, l)); keep the i = j blocks.
  const out = new Float64Array(n * P * P);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < P; l++) for (let r = 0; r < P; r++) out[(i * P + l) * P + r] = g.data[(i * P + l) * g.cols + i * P + r];
  }
  return out;
}

function pixelMeans(x: Matrix, P: number, C: number): Float64Array {
  const out = new Float64Array(x.rows * P);
  for (let i = 0; i < x.rows; i++) {
    for (let l = 0; l < P; l++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += x.data[i * P * C + l * C + c];
      out[i * P + l] = s / C;
    }
  }
  return out;
}

/**
 * The state of the raw inputs: rows x1 (n1 × features), columns x2 (default: x1 itself, a symmetric
 * train × train state). Shapes are checked against `shape` (the network's input shape).
 */
export function inputKernelState(shape: FeatureShape, x1: Matrix, x2?: Matrix): KernelState {
  checkInputs('x1', x1, shape);
  if (x2 !== undefined) checkInputs('x2', x2, shape);
  const P = pixels(shape);
  const C = shape.channels;
  const symmetric = x2 === undefined;
  const xb = x2 ?? x1;
  const n1 = x1.rows;
  const n2 = xb.rows;
  const g = matmul(pixelRows(x1, C), pixelRows(xb, C), { transB: true }); // (n1·P) × (n2·P)
  const cov = new Float64Array(n1 * n2 * P * P);
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) {
      for (let l = 0; l < P; l++) {
        for (let r = 0; r < P; r++) cov[((i * n2 + j) * P + l) * P + r] = g.data[(i * P + l) * g.cols + j * P + r] / C;
      }
    }
  }
  if (symmetric) {
    // GEMM need not round (a, b) and (b, a) alike: mirror the upper triangle so the state is exactly symmetric.
    for (let i = 0; i < n1; i++) {
      for (let j = i; j < n1; j++) {
        for (let l = 0; l < P; l++) {
          for (let r = i === j ? l + 1 : 0; r < P; r++) cov[((j * n1 + i) * P + r) * P + l] = cov[((i * n1 + j) * P + l) * P + r];
        }
      }
    }
  }
  // Symmetric: take the self blocks from cov itself, so both hold the same numbers.
  const selfOf = (x: Matrix): Float64Array => {
    const gx = matmul(pixelRows(x, C), pixelRows(x, C), { transB: true });
    const s = blockSelf(gx, x.rows, P);
    for (let k = 0; k < s.length; k++) s[k] /= C;
    return s;
  };
  let self1: Float64Array;
  if (symmetric) {
    self1 = new Float64Array(n1 * P * P);
    for (let i = 0; i < n1; i++) self1.set(cov.subarray((i * n1 + i) * P * P, (i * n1 + i + 1) * P * P), i * P * P);
  } else {
    self1 = selfOf(x1);
  }
  const mean1 = pixelMeans(x1, P, C);
  return {
    n1,
    n2,
    spatial: shape.spatial.slice(),
    pixels: P,
    channels: C,
    cov,
    self1,
    self2: symmetric ? self1 : selfOf(xb),
    mean1,
    mean2: symmetric ? mean1 : pixelMeans(xb, P, C),
    ntk: new Map(),
    symmetric,
    gaussian: false,
  };
}
