/**
 * The WebAssembly GEMM's threads and builds, seen from separate Node processes: helpers never keep a
 * process alive nor change its exit status; a worker thread (the experiment runner's) computes on one
 * thread; OVERPARAM_PORTABLE_THREADS and OVERPARAM_PORTABLE_WASM are obeyed; and where the engine accepts
 * relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd) the FMA build is chosen, is within the bound,
 * and gives the same bits on 1 and 2 threads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';

const url = (p: string): string => new URL(p, import.meta.url).href;
const ENGINE = url('../../src/linalg/backends/wasm/engine.js');
const PORTABLE = url('../../src/linalg/backends/portable.js');
const TEAM = url('../../src/linalg/backends/wasm/team.node.js');
const CHECK = url('./gemmCheck.js');
const RNG = url('../../src/linalg/random/rng.js');

function node(code: string, env: Record<string, string> = {}, flags: string[] = []): { status: number | null; out: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - t0 };
}

const PRODUCT = `
const { createWasmGemm } = await import('${ENGINE}');
const e = createWasmGemm({ threads: 2 });
const n = 200, a = new Float64Array(n * n).fill(1), c = new Float64Array(n * n);
e.gemm(false, false, n, n, n, 1, a, n, a, n, 0, c, n);
if (e.threads !== 2 || c[n * n - 1] !== n) throw new Error('wrong: ' + e.threads + ' ' + c[n * n - 1]);
`;

it('helper threads do not keep the process alive', () => {
  const r = node(`${PRODUCT} console.log('done');`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /done/);
  assert.ok(r.ms < 20_000, `took ${r.ms} ms to exit`);
});

it('process.exit keeps its status with helpers running', () => {
  const r = node(`${PRODUCT} process.exit(3);`);
  assert.equal(r.status, 3, r.out);
});

it('inside a worker thread the default is one thread', () => {
  const code = `
    import { Worker } from 'node:worker_threads';
    const w = new Worker("Promise.all([import('node:worker_threads'), import('${TEAM}')]).then(([w, t]) => w.parentPort.postMessage(t.defaultThreads()));", { eval: true });
    w.on('message', (n) => { console.log('threads=' + n); process.exit(0); });
    w.on('error', (e) => { console.error(e); process.exit(1); });`;
  const r = node(code, { OVERPARAM_PORTABLE_THREADS: '' });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /threads=1\b/);
});

it('OVERPARAM_PORTABLE_THREADS and OVERPARAM_PORTABLE_WASM are obeyed', () => {
  const show = `const { portableBackend: p } = await import('${PORTABLE}'); console.log(p.threads() + ' | ' + p.library);`;
  const one = node(show, { OVERPARAM_PORTABLE_THREADS: '1', OVERPARAM_PORTABLE_WASM: '' });
  assert.equal(one.status, 0, one.out);
  assert.match(one.out, /^1 \| portable: WebAssembly SIMD.* GEMM \(1 thread\)/);
  const three = node(show, { OVERPARAM_PORTABLE_THREADS: '3', OVERPARAM_PORTABLE_WASM: '' });
  assert.match(three.out, /^3 \| .*\(3 threads\)/, three.out);
  const off = node(show, { OVERPARAM_PORTABLE_WASM: '0' });
  assert.equal(off.status, 0, off.out);
  assert.match(off.out, /^1 \| portable TypeScript/);
});

it('the relaxed-SIMD (FMA) build, where accepted: within the bound, the same bits on 1 and 2 threads', () => {
  const code = `
    const { createWasmGemm } = await import('${ENGINE}');
    const { operands, cloneStored, naiveGemm, gemmMismatch, runGemm, sameBits } = await import('${CHECK}');
    const { Rng } = await import('${RNG}');
    const [one, two] = [createWasmGemm({ threads: 1 }), createWasmGemm({ threads: 2 })];
    const plain = createWasmGemm({ threads: 1, fma: false });
    if (!one.fma || !two.fma || plain.fma) { console.log('fma=' + one.fma + ',' + two.fma + ',' + plain.fma); process.exit(0); }
    let differs = false;
    for (const [m, k, n, transA, transB] of [[130, 257, 131, false, true], [301, 300, 290, true, false], [17, 65, 3, true, true]]) {
      const cs = { transA, transB, m, n, k, alpha: -0.5, beta: 0.5 };
      const { a, b, c } = operands(Rng.fromSeed(3), cs);
      const [x, y, z] = [cloneStored(c), cloneStored(c), cloneStored(c)];
      runGemm(one.gemm.bind(one), cs, a, b, x);
      runGemm(two.gemm.bind(two), cs, a, b, y);
      runGemm(plain.gemm.bind(plain), cs, a, b, z);
      const bad = gemmMismatch(cs, x, c, naiveGemm(cs, a, b, c));
      if (bad) throw new Error(bad);
      if (!sameBits(x.data, y.data)) throw new Error('1 and 2 threads differ');
      differs ||= !sameBits(x.data, z.data);
    }
    console.log('fma=true differs-from-plain=' + differs);`;
  const r = node(code, {}, ['--experimental-wasm-relaxed-simd']);
  assert.equal(r.status, 0, r.out);
  if (/fma=true/.test(r.out)) assert.match(r.out, /differs-from-plain=true/, 'FMA rounds once: some last bits differ');
  else assert.match(r.out, /fma=false,false,false/, r.out);
});
