/**
 * `npm run bench [-- suite ...]`: runs the benchmark suites (all by default), prints progress and a
 * summary, and writes bench/results/<suite>.json with the machine's description.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { backend } from '../src/linalg/registry.js';
import * as linalg from './suites/linalg.js';
import * as nn from './suites/nn.js';
import * as kernels from './suites/kernels.js';
import * as train from './suites/train.js';
import * as web from './suites/web.js';
import * as lanczos from './suites/lanczos.js';
import * as quadrature from './suites/quadrature.js';

type Suite = { run: (log: (s: string) => void) => Promise<Record<string, unknown>> };
const SUITES: Record<string, Suite> = { linalg, nn, kernels, train, lanczos, quadrature, web };

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(SUITES);
const unknown = names.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}\n`);
  process.exit(2);
}

mkdirSync('bench/results', { recursive: true });
const machine = {
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  backend: backend().name,
  library: backend().library,
  date: new Date().toISOString(),
};
for (const name of names) {
  process.stdout.write(`== ${name}\n`);
  const result = await SUITES[name].run((s) => process.stdout.write(`   ${s}\n`));
  const file = `bench/results/${name}.json`;
  writeFileSync(file, `${JSON.stringify({ suite: name, machine, ...result }, null, 2)}\n`);
  if ('targets' in result) process.stdout.write(`   targets: ${JSON.stringify(result['targets'])}\n`);
  process.stdout.write(`   wrote ${file}\n`);
}
