/**
 * du2019's practical step size η = c/λ_max(G(0)) (Sec 8), with the loss's curvature κ and reduction
 * folded in: η = c/(κ·s·λ_max(Θ(θ0))), where Θ is the full tangent kernel on the training inputs and
 * s = 1 for a summed square loss, 1/n for a mean. On the linearized model GD is then stable for c < 2.
 */
import { empiricalKernel } from '../kernels/empirical.js';
import { kernelSpectrum } from '../kernels/spectrum.js';
import type { Matrix } from '../linalg/matrix.js';
import type { Network } from '../nn/network.js';
import type { Loss } from './losses.js';

export function lambdaMaxStepSize(net: Network, params: Float64Array, x: Matrix, loss: Loss, c: number): number {
  const k = empiricalKernel(net, params, x, undefined, { outputs: net.outputs > 1 ? 'full' : 0 }).kernel;
  const lmax = kernelSpectrum(k, 'G(0)').lambdaMax;
  const reductionScale = loss.spec.name === 'square' && loss.spec.reduction !== 'mean' ? 1 : 1 / x.rows;
  return c / (loss.curvature * reductionScale * lmax);
}
