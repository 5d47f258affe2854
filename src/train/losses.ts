/**
 * Losses of the five papers, with their exact conventions, first and second derivatives in the outputs:
 * `gradient` is the output cotangent G = ∂L/∂f and `hessianVector` the cotangent tangent Ġ = ∂²L/∂f²·ḟ
 * that exact loss-Hessian-vector products need (nn/network.ts).
 *
 *   square         L = (r/2)·Σ_i w_c (f_ic − y_ic)²   r = 1 (reduction 'sum': du2019, allenzhu2019) or 1/N ('mean')
 *   logistic       L = (1/N)·Σ_i ℓ(y_i f_i), ℓ(z) = log(1 + e^{−z})      (zou2018 Sec 3, α0 = α1 = ½)
 *   squared hinge  ℓ(z) = max(0, 1 − z)²                                 (zou2018, p = ½)
 *   exponential    ℓ(z) = e^{−z}                                          (zou2018)
 *   cross entropy  L = −(1/N)·Σ_i Σ_c y_ic·log softmax(f_i)_c  on logits (liu2020 App. C.1)
 *   nll            L = −(1/N)·Σ_i Σ_c y_ic·log p_ic  on probabilities (a network with a softmax head)
 * Margin losses take labels y ∈ {−1, +1} and a scalar output. `weights` (square loss only) weights the
 * outputs: allenzhu2019's objective skips y_{i,1}, which does not depend on W (Sec 2).
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { log as portableLog } from '../linalg/random/log.js';
import { LOSS_NAMES, type Loss, type LossSpec } from '../nn/loss.js';

export { LOSS_NAMES } from '../nn/loss.js';
export type { Loss, LossName, LossSpec } from '../nn/loss.js';

function check(name: string, f: Matrix, y: Matrix): void {
  if (f.rows !== y.rows || f.cols !== y.cols) throw new ShapeError(`${name} loss: outputs are ${f.shapeString} but targets are ${y.shapeString}`);
}

/** log(1 + e^{−z}) without overflow. */
function softplusNeg(z: number): number {
  return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface Margin {
  l(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
  curvature: number;
}

const MARGINS: Record<'logistic' | 'squared_hinge' | 'exponential', Margin> = {
  logistic: { l: softplusNeg, d1: (z) => -sigmoid(-z), d2: (z) => sigmoid(z) * sigmoid(-z), curvature: 0.25 },
  squared_hinge: { l: (z) => Math.max(0, 1 - z) ** 2, d1: (z) => -2 * Math.max(0, 1 - z), d2: (z) => (z < 1 ? 2 : 0), curvature: 2 },
  exponential: { l: (z) => Math.exp(-z), d1: (z) => -Math.exp(-z), d2: (z) => Math.exp(-z), curvature: 1 },
};

function marginLoss(spec: LossSpec, name: 'logistic' | 'squared_hinge' | 'exponential'): Loss {
  const m = MARGINS[name];
  const checkMargin = (f: Matrix, y: Matrix): void => {
    check(name, f, y);
    if (f.cols !== 1) throw new ShapeError(`${name} loss needs one output (a margin y·f); the network has ${f.cols}`);
    for (let i = 0; i < y.rows; i++) {
      if (y.data[i] !== 1 && y.data[i] !== -1) throw new ConfigError(`${name} loss needs labels ±1; example ${i} has ${y.data[i]}`);
    }
  };
  const perExample = (f: Matrix, y: Matrix): Float64Array => {
    checkMargin(f, y);
    return Float64Array.from(f.data, (v, i) => m.l(y.data[i] * v) / f.rows);
  };
  return {
    spec,
    name,
    classification: true,
    curvature: m.curvature,
    perExample,
    value: (f, y) => perExample(f, y).reduce((a, b) => a + b, 0),
    gradient(f, y) {
      checkMargin(f, y);
      return new Matrix(f.rows, 1, Float64Array.from(f.data, (v, i) => (y.data[i] * m.d1(y.data[i] * v)) / f.rows));
    },
    hessianVector(f, y, fDot) {
      checkMargin(f, y);
      // ∂²/∂f² ℓ(y f) = y²ℓ''(y f) = ℓ''(y f)
      return new Matrix(f.rows, 1, Float64Array.from(f.data, (v, i) => (m.d2(y.data[i] * v) * fDot.data[i]) / f.rows));
    },
    marginDerivatives(f, y) {
      checkMargin(f, y);
      return Float64Array.from(f.data, (v, i) => m.d1(y.data[i] * v));
    },
  };
}

function squareLoss(spec: LossSpec): Loss {
  const mean = spec.reduction === 'mean';
  const weightsFor = (c: number): Float64Array => {
    if (!spec.weights) return new Float64Array(c).fill(1);
    if (spec.weights.length !== c) throw new ShapeError(`square loss: ${spec.weights.length} output weights for ${c} outputs`);
    return Float64Array.from(spec.weights);
  };
  const scaleOf = (f: Matrix): number => (mean ? 1 / f.rows : 1);
  return {
    spec,
    name: 'square',
    classification: false,
    curvature: 1,
    perExample(f, y) {
      check('square', f, y);
      const w = weightsFor(f.cols);
      const s = scaleOf(f);
      const out = new Float64Array(f.rows);
      for (let i = 0; i < f.rows; i++) {
        let a = 0;
        for (let c = 0; c < f.cols; c++) a += w[c] * (f.data[i * f.cols + c] - y.data[i * f.cols + c]) ** 2;
        out[i] = 0.5 * s * a;
      }
      return out;
    },
    value(f, y) {
      return this.perExample(f, y).reduce((a, b) => a + b, 0);
    },
    gradient(f, y) {
      check('square', f, y);
      const w = weightsFor(f.cols);
      const s = scaleOf(f);
      return new Matrix(f.rows, f.cols, Float64Array.from(f.data, (v, k) => s * w[k % f.cols] * (v - y.data[k])));
    },
    hessianVector(f, y, fDot) {
      check('square', f, y);
      const w = weightsFor(f.cols);
      const s = scaleOf(f);
      return new Matrix(f.rows, f.cols, Float64Array.from(fDot.data, (v, k) => s * w[k % f.cols] * v));
    },
  };
}

function softmaxRows(f: Matrix): Matrix {
  const p = new Matrix(f.rows, f.cols);
  const C = f.cols;
  for (let i = 0; i < f.rows; i++) {
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, f.data[i * C + c]);
    let z = 0;
    for (let c = 0; c < C; c++) z += p.data[i * C + c] = Math.exp(f.data[i * C + c] - mx);
    for (let c = 0; c < C; c++) p.data[i * C + c] /= z;
  }
  return p;
}

function crossEntropy(spec: LossSpec): Loss {
  return {
    spec,
    name: 'cross_entropy',
    classification: true,
    curvature: 0.5,
    perExample(f, y) {
      check('cross_entropy', f, y);
      const C = f.cols;
      const out = new Float64Array(f.rows);
      for (let i = 0; i < f.rows; i++) {
        let mx = -Infinity;
        for (let c = 0; c < C; c++) mx = Math.max(mx, f.data[i * C + c]);
        let z = 0;
        for (let c = 0; c < C; c++) z += Math.exp(f.data[i * C + c] - mx);
        const lse = mx + portableLog(z);
        let l = 0;
        for (let c = 0; c < C; c++) l -= y.data[i * C + c] * (f.data[i * C + c] - lse);
        out[i] = l / f.rows;
      }
      return out;
    },
    value(f, y) {
      return this.perExample(f, y).reduce((a, b) => a + b, 0);
    },
    gradient(f, y) {
      check('cross_entropy', f, y);
      const p = softmaxRows(f);
      return new Matrix(f.rows, f.cols, Float64Array.from(p.data, (v, k) => (v - y.data[k]) / f.rows));
    },
    hessianVector(f, y, fDot) {
      check('cross_entropy', f, y);
      // ∂²/∂f² = diag(p) − p pᵀ per example (independent of y when Σ_c y_c = 1)
      const p = softmaxRows(f);
      const C = f.cols;
      const out = new Matrix(f.rows, C);
      for (let i = 0; i < f.rows; i++) {
        let pd = 0;
        let ysum = 0;
        for (let c = 0; c < C; c++) {
          pd += p.data[i * C + c] * fDot.data[i * C + c];
          ysum += y.data[i * C + c];
        }
        for (let c = 0; c < C; c++) out.data[i * C + c] = (ysum * p.data[i * C + c] * (fDot.data[i * C + c] - pd)) / f.rows;
      }
      return out;
    },
  };
}

function nll(spec: LossSpec): Loss {
  const guard = (f: Matrix): void => {
    for (let k = 0; k < f.data.length; k++) {
      if (!(f.data[k] > 0)) throw new ConfigError(`nll loss needs positive probabilities (a softmax head); output ${k % f.cols} of example ${Math.floor(k / f.cols)} is ${f.data[k]}`);
    }
  };
  return {
    spec,
    name: 'nll',
    classification: true,
    curvature: 0.5,
    perExample(f, y) {
      check('nll', f, y);
      guard(f);
      const C = f.cols;
      const out = new Float64Array(f.rows);
      for (let i = 0; i < f.rows; i++) {
        let l = 0;
        for (let c = 0; c < C; c++) if (y.data[i * C + c] !== 0) l -= y.data[i * C + c] * portableLog(f.data[i * C + c]);
        out[i] = l / f.rows;
      }
      return out;
    },
    value(f, y) {
      return this.perExample(f, y).reduce((a, b) => a + b, 0);
    },
    gradient(f, y) {
      check('nll', f, y);
      guard(f);
      return new Matrix(f.rows, f.cols, Float64Array.from(f.data, (p, k) => -y.data[k] / p / f.rows));
    },
    hessianVector(f, y, fDot) {
      check('nll', f, y);
      guard(f);
      return new Matrix(f.rows, f.cols, Float64Array.from(f.data, (p, k) => (y.data[k] * fDot.data[k]) / (p * p) / f.rows));
    },
  };
}

export function makeLoss(spec: LossSpec): Loss {
  if (!(LOSS_NAMES as readonly string[]).includes(spec.name)) {
    throw new ConfigError(`loss must be one of ${LOSS_NAMES.join(', ')}; got "${String(spec.name)}"`);
  }
  if (spec.reduction !== undefined && spec.reduction !== 'sum' && spec.reduction !== 'mean') {
    throw new ConfigError(`loss reduction must be "sum" or "mean"; got "${String(spec.reduction)}"`);
  }
  if (spec.name !== 'square' && (spec.reduction === 'sum' || spec.weights)) {
    throw new ConfigError(`${spec.name} loss is a mean over examples; reduction and weights apply to the square loss only`);
  }
  switch (spec.name) {
    case 'square':
      return squareLoss(spec);
    case 'logistic':
    case 'squared_hinge':
    case 'exponential':
      return marginLoss(spec, spec.name);
    case 'cross_entropy':
      return crossEntropy(spec);
    case 'nll':
      return nll(spec);
  }
}

/** Fraction of examples misclassified: sign(f) ≠ y for ±1 labels, argmax otherwise (NaN for regression). */
export function trainingError(loss: Loss, f: Matrix, y: Matrix): number {
  if (!loss.classification) return NaN;
  let wrong = 0;
  const C = f.cols;
  for (let i = 0; i < f.rows; i++) {
    if (C === 1) {
      if (!(y.data[i] * f.data[i] > 0)) wrong++;
    } else {
      let a = 0;
      let b = 0;
      for (let c = 1; c < C; c++) {
        if (f.data[i * C + c] > f.data[i * C + a]) a = c;
        if (y.data[i * C + c] > y.data[i * C + b]) b = c;
      }
      if (a !== b) wrong++;
    }
  }
  return wrong / f.rows;
}

/** min_i y_i·f_i (binary classification margin; NaN otherwise). */
export function minMargin(f: Matrix, y: Matrix): number {
  if (f.cols !== 1) return NaN;
  let m = Infinity;
  for (let i = 0; i < f.rows; i++) m = Math.min(m, y.data[i] * f.data[i]);
  return m;
}
