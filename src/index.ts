/**
 * overparam: a laboratory for the theory of over-parameterized neural networks.
 * Linear algebra and errors are exported flat; the other layers as namespaces (and as subpaths:
 * `overparam/nn`, `overparam/models`, `overparam/data`).
 */
export * from './errors.js';
export * from './linalg/index.js';
export * as nn from './nn/index.js';
export * as models from './models/index.js';
export * as kernels from './kernels/index.js';
export * as train from './train/index.js';
export * as probes from './probes/index.js';
export * as data from './data/index.js';
export * as io from './io/safetensors.js';
