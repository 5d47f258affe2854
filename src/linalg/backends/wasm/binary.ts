/**
 * The compiled GEMM kernels: assembly/gemm.ts built four ways by `npm run build:wasm` into
 * module.generated.ts (a build output, never committed), base64 — plain SIMD and relaxed SIMD (FMA), each
 * importing a shared or an unshared memory. built.node.ts loads them in Node (null where that module was
 * not built: the portable backend then computes in TypeScript); the playground's bundle imports them.
 */

/** The two memories' builds of one variant, base64. */
export interface GemmBuilds {
  readonly shared: string;
  readonly unshared: string;
}

export interface GemmBinaries {
  /** WebAssembly SIMD 128 (f64x2 multiply, then add). */
  readonly simd: GemmBuilds;
  /** Relaxed SIMD: the accumulation is f64x2.relaxed_madd (fused where the engine can). */
  readonly relaxed: GemmBuilds;
}

function isBuilds(x: unknown): x is GemmBuilds {
  const r = x as Partial<Record<keyof GemmBuilds, unknown>> | null;
  return typeof r === 'object' && r !== null && typeof r.shared === 'string' && typeof r.unshared === 'string';
}

/** The binaries, if x has their shape. */
export function asGemmBinaries(x: unknown): GemmBinaries | null {
  const r = x as Partial<Record<keyof GemmBinaries, unknown>> | null;
  return typeof r === 'object' && r !== null && isBuilds(r.simd) && isBuilds(r.relaxed) ? (r as GemmBinaries) : null;
}
