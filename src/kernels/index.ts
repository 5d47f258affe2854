/** overparam/kernels: empirical and infinite-width tangent kernels, Monte Carlo, spectra, linearized dynamics. */
export { empiricalKernel, jacobianKernel } from './empirical.js';
export type { EmpiricalKernel, EmpiricalKernelOptions, OutputSelection } from './empirical.js';
export { analyticKernel, outputKernelState, inputKernelState } from './analytic/index.js';
export type { AnalyticKernel, AnalyticKernelOptions, KernelState } from './analytic/index.js';
export { monteCarloKernel, kernelConvergence, relativeFrobenius } from './monteCarlo.js';
export type { ConvergencePoint, KernelKind, MonteCarloKernel } from './monteCarlo.js';
export { kernelSpectrum } from './spectrum.js';
export type { KernelSpectrum } from './spectrum.js';
export { linearizedDynamics } from './dynamics.js';
export type { LinearizedDynamics, LinearizedSetup } from './dynamics.js';
