/**
 * The OpenBLAS kernel set for this CPU. A DYNAMIC_ARCH OpenBLAS (Debian's, Ubuntu's) picks its kernels
 * from the CPU's family and model when it is loaded, and a model newer than its table gets the SSE3
 * "Prescott" kernels: OpenBLAS 0.3.21 on an Emerald Rapids Xeon (family 6, model 207) runs float64 GEMM
 * at 15 GFLOP/s on 2 cores, against 100 with its SkylakeX kernels. The instruction set the kernel has
 * enabled (/proc/cpuinfo "flags") says which kernels can run, so the choice is made from it, before the
 * library loads, through OpenBLAS's own OPENBLAS_CORETYPE. A value the user has set is left alone.
 */
import { readFileSync } from 'node:fs';

/** Instruction-set extensions, as /proc/cpuinfo names them, that each kernel set needs (float64 GEMM). */
const CORES: readonly { core: string; needs: readonly string[] }[] = [
  { core: 'Cooperlake', needs: ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512_bf16'] },
  { core: 'SkylakeX', needs: ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'] },
  { core: 'Haswell', needs: ['avx2', 'fma'] },
];

/** The richest kernel set whose instructions are all among flags, or undefined when none is. */
export function openblasCoreFor(flags: ReadonlySet<string>): string | undefined {
  return CORES.find((c) => c.needs.every((f) => flags.has(f)))?.core;
}

/** The "flags" of the first processor in a /proc/cpuinfo text; empty when it has none. */
export function cpuFlags(cpuinfo: string): Set<string> {
  const line = cpuinfo.split('\n').find((l) => /^flags\s*:/.test(l));
  return new Set(line === undefined ? [] : line.slice(line.indexOf(':') + 1).trim().split(/\s+/));
}

/**
 * Sets OPENBLAS_CORETYPE for this process (and the processes it starts) from the CPU's flags, unless it
 * is set already or this is not Linux on x86-64. Returns the kernel set chosen, if any.
 */
export function chooseOpenblasCore(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OPENBLAS_CORETYPE !== undefined || process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const core = openblasCoreFor(cpuFlags(text));
  if (core !== undefined) env.OPENBLAS_CORETYPE = core;
  return core;
}
