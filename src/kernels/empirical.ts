/**
 * The empirical (finite-width) tangent kernel Θ(x, x') = Σ_θ ∂f(x)/∂θ·∂f(x')/∂θ, computed from
 * per-layer gradient factors (factorGram.ts) — never from an N×P Jacobian — with its per-tensor
 * decomposition G = Σ_h G^(h) (du2019 Sec 4), for one output, the output-traced N×N kernel, or the full
 * (N·C)×(N·C) kernel (liu2020: the seed leaves multi-output kernels undefined; we give both).
 *
 * Inputs are processed in tiles so memory stays bounded for large N: the factors of a tile are computed
 * once and kept while a memory budget allows (least recently used tiles are dropped and recomputed).
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { outside, Workspace } from '../linalg/workspace.js';
import type { Network } from '../nn/network.js';
import type { Factor } from '../nn/sinks.js';
import { featureSize } from '../nn/shape.js';
import { addFactorBlock, blockScratch, inputGram, releaseScratch } from './factorGram.js';

/** 'trace': Σ_c Θ_cc (N×N); 'full': (N·C)×(N·C) with row i·C + c; a number: that output's N×N kernel. */
export type OutputSelection = 'trace' | 'full' | number;

export interface EmpiricalKernelOptions {
  outputs?: OutputSelection;
  /** Also return the contribution of every trainable parameter tensor (default false). */
  perParam?: boolean;
  /** Examples per tile (default: from the memory budget). */
  tileSize?: number;
  /** Bytes the cached factors may take (default 512 MiB; tiles are a third of it). */
  memoryBudget?: number;
  /** Called after each finished block with (done, total) blocks. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmpiricalKernel {
  /** n1×n2 (or n1·C × n2·C for 'full'). */
  kernel: Matrix;
  /** Contribution of each trainable tensor, by name (same shape as kernel), when requested. */
  byParam?: Map<string, Matrix>;
  /** Tile size used and how many times tile factors were computed (≥ number of tiles). */
  tiles: { size: number; factorPasses: number };
}

interface TileFactors {
  /** factors[c] = the factor list for output c (same tensor order for every output). */
  factors: Factor[][];
  bytes: number;
}

function factorBytes(lists: Factor[][]): number {
  const seen = new Set<Float64Array>();
  let b = 0;
  for (const list of lists) {
    for (const f of list) {
      for (const m of f.kind === 'outer' ? [f.g, f.x] : [f.g]) {
        if (!seen.has(m.data)) {
          seen.add(m.data);
          b += m.data.byteLength;
        }
      }
    }
  }
  return b;
}

/** Estimated factor bytes per example: Σ over layer inputs and output cotangents of rows × width. */
function bytesPerExample(net: Network): number {
  // One forward pass on one example measures it exactly (cheap).
  const x = new Matrix(1, featureSize(net.inShape));
  const params = new Float64Array(net.size);
  const lists: Factor[][] = [];
  const pass = net.forwardPass(params, x);
  for (let c = 0; c < net.outputs; c++) lists.push(net.factors(params, x, c, pass).factors);
  return Math.max(8, factorBytes(lists));
}

/**
 * The activations, cotangents and Grams of a kernel call, recycled for the next call at the same sizes
 * (a probe along training, a benchmark, a sweep over seeds); at most 512 MiB is kept, and nothing after a
 * call whose tiles were large.
 */
const workspace = new Workspace(2 ** 29);

export function empiricalKernel(net: Network, params: Float64Array, x1: Matrix, x2?: Matrix, opts: EmpiricalKernelOptions = {}): EmpiricalKernel {
  const C = net.outputs;
  const sel: OutputSelection = opts.outputs ?? (C === 1 ? 0 : 'trace');
  if (typeof sel === 'number' && (!Number.isInteger(sel) || sel < 0 || sel >= C)) {
    throw new ConfigError(`empiricalKernel: output ${sel} outside 0..${C - 1}`);
  }
  const symmetric = x2 === undefined;
  const xb = x2 ?? x1;
  const need = featureSize(net.inShape);
  for (const [name, x] of [['x1', x1], ['x2', xb]] as const) {
    if (x.cols !== need) throw new ShapeError(`empiricalKernel: ${name} must have ${need} features per example; got ${x.shapeString}`);
  }
  const outputsUsed = typeof sel === 'number' ? [sel] : Array.from({ length: C }, (_, c) => c);
  const budget = opts.memoryBudget ?? 2 ** 29;
  const perEx = bytesPerExample(net) * (outputsUsed.length / C);
  const tile = opts.tileSize ?? Math.max(1, Math.min(Math.max(x1.rows, xb.rows), Math.floor(budget / 3 / perEx)));
  if (!Number.isInteger(tile) || tile < 1) throw new ConfigError(`empiricalKernel: tileSize must be a positive integer; got ${tile}`);

  const full = sel === 'full';
  const n1 = x1.rows;
  const n2 = xb.rows;
  const kernel = new Matrix(full ? n1 * C : n1, full ? n2 * C : n2);
  const byParam = opts.perParam ? new Map<string, Matrix>() : undefined;
  const rowTiles = Math.ceil(n1 / tile);
  const colTiles = Math.ceil(n2 / tile);

  // Factor cache keyed by set and tile index, LRU under the budget.
  const cache = new Map<string, TileFactors>();
  let cachedBytes = 0;
  let factorPasses = 0;
  const factorsOf = (set: 'a' | 'b', t: number): TileFactors => {
    const key = `${symmetric ? 'a' : set}:${t}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const x = set === 'a' || symmetric ? x1 : xb;
    const xt = x.rowBlock(t * tile, Math.min(x.rows, (t + 1) * tile));
    const pass = net.forwardPass(params, xt);
    const factors = outputsUsed.map((c) => net.factors(params, xt, c, pass).factors);
    factorPasses++;
    const entry = { factors, bytes: factorBytes(factors) };
    cache.set(key, entry);
    cachedBytes += entry.bytes;
    for (const [k, v] of cache) {
      if (cachedBytes <= budget || cache.size <= 2) break;
      cache.delete(k);
      cachedBytes -= v.bytes;
    }
    return entry;
  };

  const total = symmetric ? (rowTiles * (rowTiles + 1)) / 2 : rowTiles * colTiles;
  let done = 0;
  // Every buffer made in the loop is internal (the per-tensor parts are made outside the workspace).
  workspace.run(() => {
    for (let a = 0; a < rowTiles; a++) {
      const fa = factorsOf('a', a);
      for (let b = 0; b < (symmetric ? a + 1 : colTiles); b++) {
        const fb = symmetric && a === b ? fa : factorsOf('b', b);
        const i0 = a * tile;
        const j0 = b * tile;
        const na = Math.min(n1, i0 + tile) - i0;
        const nb = Math.min(n2, j0 + tile) - j0;
        addBlocks(fa, fb, na, nb, i0, j0, symmetric && a === b);
        done++;
        opts.onProgress?.(done, total);
      }
    }
  });
  if (byParam) {
    for (const m of byParam.values()) for (let i = 0; i < m.data.length; i++) kernel.data[i] += m.data[i];
  }
  if (symmetric) {
    mirrorLower(kernel);
    if (byParam) for (const m of byParam.values()) mirrorLower(m);
  }
  if (tile * tile * 8 > 32 * 2 ** 20) {
    releaseScratch(); // do not keep large temporaries alive after the call
    workspace.release();
  }
  return { kernel, byParam, tiles: { size: tile, factorPasses } };

  /** diagonal: a diagonal block of a symmetric kernel, whose upper triangle mirrorLower writes. */
  function addBlocks(fa: TileFactors, fb: TileFactors, na: number, nb: number, i0: number, j0: number, diagonal: boolean): void {
    const nT = fa.factors[0].length;
    const whole = !full && na === kernel.rows && nb === kernel.cols; // one tile: accumulate in place
    for (let t = 0; t < nT; t++) {
      const name = fa.factors[0][t].ref.name;
      if (fb.factors[0][t].ref !== fa.factors[0][t].ref) throw new Error('empiricalKernel: factor lists out of order');
      const xg = outputsUsed.length > 1 ? inputGram(fa.factors[0][t], fb.factors[0][t]) : undefined;
      const pairs: [number, number][] = full
        ? outputsUsed.flatMap((_, c) => outputsUsed.map((__, d) => [c, d] as [number, number]))
        : outputsUsed.map((_, idx) => [idx, idx] as [number, number]);
      for (const [ca, cb] of pairs) {
        if (whole) {
          const target = byParam ? paramMatrix(name) : kernel;
          addFactorBlock(target, fa.factors[ca][t], fb.factors[cb][t], xg, diagonal);
          continue;
        }
        const block = blockScratch(na, nb);
        addFactorBlock(block, fa.factors[ca][t], fb.factors[cb][t], xg, diagonal);
        const targets = byParam ? [paramMatrix(name)] : [kernel];
        for (const target of targets) {
          const tc = target.cols;
          for (let i = 0; i < na; i++) {
            if (full) {
              for (let j = 0; j < nb; j++) target.data[((i0 + i) * C + ca) * tc + (j0 + j) * C + cb] += block.data[i * nb + j];
            } else {
              const row = (i0 + i) * tc + j0;
              for (let j = 0; j < nb; j++) target.data[row + j] += block.data[i * nb + j];
            }
          }
        }
      }
    }
  }

  function paramMatrix(name: string): Matrix {
    let m = byParam!.get(name);
    if (!m) {
      m = outside(() => new Matrix(kernel.rows, kernel.cols));
      byParam!.set(name, m);
    }
    return m;
  }
}

/** Copies the lower block triangle onto the upper (tiles were computed for b ≤ a only). */
function mirrorLower(k: Matrix): void {
  const n = k.rows;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) k.data[i * n + j] = k.data[j * n + i];
}

/** The reference: Θ = J·Jᵀ from the full Jacobian (small models only; the test oracle). */
export function jacobianKernel(net: Network, params: Float64Array, x1: Matrix, x2?: Matrix): Matrix {
  const j1 = net.jacobian(params, x1);
  const j2 = x2 ? net.jacobian(params, x2) : j1;
  const k = new Matrix(j1.rows, j2.rows);
  for (let i = 0; i < j1.rows; i++) {
    const a = j1.row(i);
    for (let j = 0; j < j2.rows; j++) {
      const b = j2.row(j);
      let s = 0;
      for (let p = 0; p < a.length; p++) s += a[p] * b[p];
      k.data[i * j2.rows + j] = s;
    }
  }
  return k;
}
