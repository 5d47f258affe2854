/**
 * The loss contract: a function of a network's outputs f (N×C) and targets y, with its output cotangent
 * ∂L/∂f and cotangent tangent ∂²L/∂f²·ḟ (the faces nn/network.ts's exact Hessian-vector products take).
 * It sits below both the training loop (train/) and the measurements (probes/), which share it; the
 * papers' losses themselves are implemented in train/losses.ts.
 */
import type { Matrix } from '../linalg/matrix.js';

export const LOSS_NAMES = ['square', 'logistic', 'squared_hinge', 'exponential', 'cross_entropy', 'nll'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export interface LossSpec {
  name: LossName;
  /** Square loss: 'sum' (default) or 'mean' over examples. Others are always means. */
  reduction?: 'sum' | 'mean';
  /** Square loss: per-output weights (length C); e.g. 0 for outputs excluded from the objective. */
  weights?: number[];
}

export interface Loss {
  readonly spec: LossSpec;
  readonly name: LossName;
  /** Whether targets are class labels (training error is defined). */
  readonly classification: boolean;
  value(f: Matrix, y: Matrix): number;
  /** Each example's contribution to value (they sum to value). */
  perExample(f: Matrix, y: Matrix): Float64Array;
  gradient(f: Matrix, y: Matrix): Matrix;
  hessianVector(f: Matrix, y: Matrix, fDot: Matrix): Matrix;
  /** An upper bound on the curvature ∂²ℓ/∂f² per unit of the reduction (for step sizes c/λ_max). */
  readonly curvature: number;
  /** Margin losses: ℓ'(y_i f_i) per example (zou2018's gradient bounds); null otherwise. */
  marginDerivatives?(f: Matrix, y: Matrix): Float64Array;
}
