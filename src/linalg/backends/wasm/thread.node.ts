/** A GEMM helper thread in Node (team.node.ts starts it): instantiates the kernel and serves jobs. */
import { workerData } from 'node:worker_threads';
import { instantiateGemm } from './kernel.js';
import { controlAt, serveJobs } from './protocol.js';
import type { HelperStart } from './team.js';

const start = workerData as HelperStart;
const exports = instantiateGemm(start.module, start.memory);
if (exports !== null) serveJobs(exports, controlAt(start.memory.buffer, start.control), start.thread);
