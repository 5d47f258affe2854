/**
 * The built-in point kinds of `overparam sweep`, registered when imported (runner/defaultModules.ts
 * names this module, so every sweep and every worker thread has them):
 *   kernel     tangent kernel / NNGP spectrum on sphere data (kernel.ts)
 */
import './kernel.js';
