/**
 * The built-in point kinds of `overparam sweep`, registered when imported (runner/defaultModules.ts
 * names this module, so every sweep and every worker thread has them):
 *   kernel     tangent kernel / NNGP spectrum on sphere data (kernel.ts)
 *   diversity  chen2018 gradient diversity of linear nets, exact or Monte Carlo (diversity.ts)
 *   train      one training run with probes, as `overparam train --synthetic` (train.ts)
 *   hessian    Lanczos extreme eigenvalues of ∇²L or ∇²f(x_i), at init or after training (hessian.ts)
 * and the points the claims are made of (a claim's plan names them):
 *   du2019.resnet-gd  one GD run of du2019's ResNet with G(k) and W(k) recorded (du2019ResNetGd.ts)
 */
import './kernel.js';
import './diversity.js';
import './train.js';
import './hessian.js';
import './du2019ResNetGd.js';
import './liu2020Hessian.js';
import './allenzhu2019Horizon.js';
import './zou2018GdRun.js';
import './allenzhu2019RnnGd.js';
import './liu2020BottleneckRun.js';
import './du2019CnnGram.js';
import './du2019ConvergenceRun.js';
