/** One gradient step, applied from the per-layer factors (du2019 Sec 4's GD on the trainable parameters). */
import type { Matrix } from '../linalg/matrix.js';
import { Workspace } from '../linalg/workspace.js';
import type { Network } from '../nn/network.js';
import { applyFactors } from '../nn/sinks.js';
import type { Loss } from './losses.js';

/**
 * One step θ ← θ − η·∇L(θ) on the batch (xb, yb), in place, with the loss multiplied by `lossScale`
 * (the full-batch sum when a batch stands for n/|S| of the data). Returns the batch loss at the
 * parameters before the step; when it is not finite the parameters are left untouched.
 * The update is applied from the per-layer factors: one GEMM per tensor into θ, no gradient vector.
 */
export function gradientStep(net: Network, params: Float64Array, xb: Matrix, yb: Matrix, loss: Loss, eta: number, lossScale = 1): number {
  // Everything a step allocates is internal (only θ, updated in place, and the loss leave it).
  return workspace.run(() => {
    const pass = net.forwardPass(params, xb);
    const batchLoss = loss.value(pass.out, yb) * lossScale;
    if (!Number.isFinite(batchLoss)) return batchLoss;
    const g = loss.gradient(pass.out, yb);
    if (lossScale !== 1) for (let i = 0; i < g.data.length; i++) g.data[i] *= lossScale;
    applyFactors(net.gradientFactors(params, xb, g, pass), params, -eta);
    return batchLoss;
  });
}

/** The activations and cotangents of a step, recycled for the next step (at most 512 MiB kept). */
const workspace = new Workspace(2 ** 29);
