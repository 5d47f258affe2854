/** A WebAssembly GEMM helper thread in the browser (gemmTeam.ts starts it): instantiates the kernel and serves jobs. */
import { instantiateGemm } from '../../../src/linalg/backends/wasm/kernel.js';
import { controlAt, serveJobs } from '../../../src/linalg/backends/wasm/protocol.js';
import type { HelperStart } from '../../../src/linalg/backends/wasm/team.js';

self.onmessage = (e: MessageEvent<HelperStart>): void => {
  const start = e.data;
  const exports = instantiateGemm(start.module, start.memory);
  if (exports !== null) serveJobs(exports, controlAt(start.memory.buffer, start.control), start.thread);
};
