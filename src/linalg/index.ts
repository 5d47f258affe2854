/** overparam/linalg: float64 dense linear algebra over a native or portable backend, and seeded RNG. */
export { Matrix } from './matrix.js';
export type { BackendName, LinalgBackend } from './backend.js';
export { availableBackends, backend, backendNamed, useBackend, NATIVE_HINT } from './registry.js';
export { matmul, gemm, matvec, gram, dot } from './products.js';
export type { ProductOptions } from './products.js';
export { add, sub, hadamard, scale, map, axpyInPlace, symmetrize, trace, maxAbs } from './elementwise.js';
export { frobeniusNorm, norm2, spectralNorm } from './norms.js';
export { eigh, eigvalsh, extremeEigen, lambdaMin, lambdaMax } from './eigen.js';
export type { Eigendecomposition, ExtremeEigenOptions, ExtremeEigenpairs } from './eigen.js';
export { cholesky, choleskySolve, solveSPD, qr } from './factorizations.js';
export type { CholeskyOptions, QR } from './factorizations.js';
export { lanczos } from './lanczos.js';
export type { LanczosOptions, LanczosResult, SymmetricOperator } from './lanczos.js';
export { Rng } from './random/rng.js';
export type { RngState, StreamLabel } from './random/rng.js';
export { normalQuantile } from './random/normalQuantile.js';
