/**
 * The browser's stand-in for src/linalg/backends/wasm/built.node.ts (the build aliases that module to this
 * one): the GEMM kernels imported statically, since build:web generates them first.
 */
import { asGemmBinaries, type GemmBinaries } from '../../../src/linalg/backends/wasm/binary.js';
import { gemmBinaries } from '../../../src/linalg/backends/wasm/module.generated.js';

export const builtGemmBinaries: GemmBinaries | null = asGemmBinaries(gemmBinaries);
