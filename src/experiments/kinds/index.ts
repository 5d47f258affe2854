/**
 * The built-in point kinds of `overparam sweep`, registered when imported (runner/defaultModules.ts
 * names this module, so every sweep and every worker thread has them):
 *   kernel     tangent kernel / NNGP spectrum on sphere data (kernel.ts)
 *   diversity  chen2018 gradient diversity of linear nets, exact or Monte Carlo (diversity.ts)
 *   train      one training run with probes, as `overparam train --synthetic` (train.ts)
 *   hessian    Lanczos extreme eigenvalues of ∇²L or ∇²f(x_i), at init or after training (hessian.ts)
 */
import './kernel.js';
import './diversity.js';
import './train.js';
import './hessian.js';
