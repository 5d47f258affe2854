/** overparam: a laboratory for the theory of over-parameterized neural networks. */
export * from './linalg/index.js';
export * from './errors.js';
