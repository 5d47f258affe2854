/** A backend wrapper that accumulates the wall time spent in each kernel (to see where time goes). */
import type { LinalgBackend } from '../src/linalg/backend.js';

export interface KernelTimes {
  seconds: Record<string, number>;
  calls: Record<string, number>;
}

export function instrument(b: LinalgBackend): { backend: LinalgBackend; times: KernelTimes; reset(): void } {
  const times: KernelTimes = { seconds: {}, calls: {} };
  const wrap = <K extends keyof LinalgBackend>(name: K): LinalgBackend[K] => {
    const f = b[name] as unknown as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => {
      const t0 = process.hrtime.bigint();
      const r = f.apply(b, args);
      times.seconds[name] = (times.seconds[name] ?? 0) + Number(process.hrtime.bigint() - t0) / 1e9;
      times.calls[name] = (times.calls[name] ?? 0) + 1;
      return r;
    }) as unknown as LinalgBackend[K];
  };
  const backend: LinalgBackend = {
    name: b.name,
    library: b.library,
    threads: () => b.threads(),
    dgemm: wrap('dgemm'),
    dgemv: wrap('dgemv'),
    dsyrk: wrap('dsyrk'),
    dsyev: wrap('dsyev'),
    dsyevr: wrap('dsyevr'),
    dpotrf: wrap('dpotrf'),
    dpotrs: wrap('dpotrs'),
    dgeqr: wrap('dgeqr'),
  };
  return {
    backend,
    times,
    reset() {
      times.seconds = {};
      times.calls = {};
    },
  };
}
