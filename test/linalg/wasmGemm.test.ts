/**
 * The portable backend's WebAssembly GEMM: within the dot-product error bound of the naive triple loop for
 * every transpose, odd and block-crossing sizes, leading dimensions past the columns, subarray views,
 * α/β with NaN in C for β = 0; the same bits on 1, 2 and 3 threads and however the product is cut into
 * blocks (and, for the plain SIMD build, the TypeScript GEMM's bits); the TypeScript path and the fallback
 * when the kernels are missing or invalid.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { portableBackend, portableBackendWith, WASM_MIN_FLOPS } from '../../src/linalg/backends/portable.js';
import { gemm as typeScriptGemm } from '../../src/linalg/backends/portable/gemm.js';
import { asGemmBinaries, type GemmBinaries } from '../../src/linalg/backends/wasm/binary.js';
import { builtGemmBinaries } from '../../src/linalg/backends/wasm/built.node.js';
import { createWasmGemm, type WasmGemm } from '../../src/linalg/backends/wasm/engine.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { cloneStored, gemmMismatch, naiveGemm, operands, runGemm, sameBits, type GemmCase } from './gemmCheck.js';

/**
 * (m, k, n): single entries, odd sizes, tile and KC = 256 boundaries, k past two slices, wide C, and one
 * large enough (> 160³) to be shared among the threads.
 */
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 1, 17], [1, 65, 3], [17, 3, 65], [65, 130, 17], [130, 17, 131], [97, 257, 101], [5, 513, 9], [200, 40, 300],
  [161, 300, 173],
];
const SCALARS = [{ alpha: 1, beta: 0 }, { alpha: -0.75, beta: 0.5 }, { alpha: 2, beta: 1 }];
const TRANSPOSES = [[false, false], [false, true], [true, false], [true, true]] as const;

function required(engine: WasmGemm | null): WasmGemm {
  assert.ok(engine !== null, 'the WebAssembly GEMM did not start (is module.generated.ts built?)');
  return engine;
}

it('the kernels were built (npm run build:wasm)', () => {
  assert.ok(builtGemmBinaries !== null);
});

/** Checks one engine on every shape, transpose and α/β against the naive reference. */
function checkAgainstNaive(label: string, dgemm: () => WasmGemm['gemm'], shapes = SHAPES, cPad = 2): void {
  const rng = Rng.fromSeed(5).fold('wasm-gemm', label);
  for (const [m, k, n] of shapes) {
    for (const [transA, transB] of TRANSPOSES) {
      it(`${m}×${k}·${k}×${n}, transA=${transA}, transB=${transB}: within 2(k+2)ε·Σ|a||b| of the naive loop`, () => {
        for (const { alpha, beta } of SCALARS) {
          const cs: GemmCase = { transA, transB, m, n, k, alpha, beta };
          const { a, b, c } = operands(rng, cs, cPad);
          const before = cloneStored(c);
          const ref = naiveGemm(cs, a, b, c);
          runGemm(dgemm(), cs, a, b, c);
          const bad = gemmMismatch(cs, c, before, ref);
          assert.equal(bad, null, `α=${alpha}, β=${beta}: ${bad}`);
        }
      });
    }
  }
}

for (const threads of [1, 2]) {
  describe(`WebAssembly GEMM on ${threads} thread(s)`, () => {
    const engine = createWasmGemm({ threads });
    after(() => engine?.close());
    it('starts with the threads asked for, and its helpers serve', async () => {
      const e = required(engine);
      assert.equal(e.threads, threads);
      for (let t = 0; e.startedHelpers() < threads - 1 && t < 500; t++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(e.startedHelpers(), threads - 1);
    });
    checkAgainstNaive(`t${threads}`, () => required(engine).gemm.bind(engine));
  });
}

describe('WebAssembly GEMM cut into small blocks (k at multiples of 256, rows, columns)', () => {
  const engine = createWasmGemm({ threads: 2, budget: 20_000 });
  after(() => engine?.close());
  checkAgainstNaive('blocks', () => required(engine).gemm.bind(engine), [[97, 257, 101], [5, 513, 9], [130, 600, 140]]);
});

describe('WebAssembly GEMM with C stored contiguously (whole rows of blocks copied at once), whole and cut into blocks', () => {
  const whole = createWasmGemm({ threads: 2 });
  const cut = createWasmGemm({ threads: 2, budget: 20_000 });
  after(() => [whole, cut].forEach((e) => e?.close()));
  // n a multiple of the tile (rows copied as one run) and not; the cut engine splits the columns of some
  // and only the rows of 400×64·64×100 (whole-width blocks below the first).
  const shapes: [number, number, number][] = [[97, 257, 100], [130, 600, 140], [64, 300, 512], [33, 65, 9], [400, 64, 100]];
  checkAgainstNaive('contiguous', () => required(whole).gemm.bind(whole), shapes, 0);
  checkAgainstNaive('contiguous-blocks', () => required(cut).gemm.bind(cut), shapes, 0);
});

describe('the bound catches a wrong product', () => {
  it('a dropped term or a 1e-12 relative error fails it', () => {
    const engine = required(createWasmGemm({ threads: 1 }));
    const rng = Rng.fromSeed(6);
    const cs: GemmCase = { transA: false, transB: true, m: 17, n: 9, k: 65, alpha: 1, beta: 0 };
    const { a, b, c } = operands(rng, cs);
    const before = cloneStored(c);
    runGemm(engine.gemm.bind(engine), cs, a, b, c);
    assert.equal(gemmMismatch(cs, c, before, naiveGemm(cs, a, b, before)), null);
    assert.notEqual(gemmMismatch(cs, c, before, naiveGemm(cs, a, b, before, true)), null);
    const ref = naiveGemm(cs, a, b, before);
    const nudged = cloneStored(c);
    nudged.data[4 * c.ld + 3] += 1e-12 * ref.scale[4 * cs.n + 3];
    assert.notEqual(gemmMismatch(cs, nudged, before, ref), null);
    engine.close();
  });
});

describe('WebAssembly GEMM: the same bits whatever the threads and blocks', () => {
  const engines = [{ threads: 1 }, { threads: 2 }, { threads: 3 }, { threads: 2, budget: 30_000 }].map((o) => createWasmGemm(o));
  after(() => engines.forEach((e) => e?.close()));
  const rng = Rng.fromSeed(7).fold('wasm-bits');
  const cases: GemmCase[] = [
    { transA: false, transB: false, m: 300, n: 310, k: 257, alpha: 1, beta: 0 },
    { transA: true, transB: true, m: 513, n: 129, k: 300, alpha: -1.5, beta: 0.25 },
    { transA: false, transB: true, m: 130, n: 140, k: 600, alpha: 0.5, beta: 1 },
  ];
  for (const cs of cases) {
    it(`${cs.m}×${cs.k}·${cs.k}×${cs.n} (transA=${cs.transA}, transB=${cs.transB}) on 1, 2, 3 threads and in blocks`, () => {
      const { a, b, c } = operands(rng, cs);
      const results = engines.map((e) => {
        const out = cloneStored(c);
        runGemm(required(e).gemm.bind(e), cs, a, b, out);
        return out.data;
      });
      for (const r of results.slice(1)) assert.ok(sameBits(r, results[0]));
      if (!required(engines[0]).fma) {
        const ts = cloneStored(c);
        runGemm(typeScriptGemm, cs, a, b, ts);
        assert.ok(sameBits(ts.data, results[0]), 'the plain SIMD build gives the TypeScript GEMM bits');
      }
    });
  }

  it('dsyrk (lower triangle only, then mirrored) matches the TypeScript one bit for bit', () => {
    const fast = portableBackendWith(() => engines[1]);
    const slow = portableBackendWith(() => null);
    for (const trans of [false, true]) {
      const n = 150;
      const k = 300;
      const a = rng.fillNormal(new Float64Array(n * k));
      const c0 = rng.fillNormal(new Float64Array(n * n));
      const [x, y] = [c0.slice(), c0.slice()];
      fast.dsyrk(trans, n, k, 0.5, a, trans ? n : k, 2, x);
      slow.dsyrk(trans, n, k, 0.5, a, trans ? n : k, 2, y);
      if (required(engines[1]).fma) assert.ok(x.every((v, i) => Math.abs(v - y[i]) <= 1e-12 * (1 + Math.abs(y[i]))));
      else assert.ok(sameBits(x, y), `trans=${trans}`);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(x[i * n + j], x[j * n + i]);
    }
  });
});

describe('the TypeScript GEMM path', () => {
  const backend = portableBackendWith(() => null);
  it('says it runs TypeScript, on one thread', () => {
    assert.match(backend.library, /TypeScript/);
    assert.doesNotMatch(backend.library, /WebAssembly/);
    assert.equal(backend.threads(), 1);
  });
  checkAgainstNaive('typescript', () => backend.dgemm, [[97, 257, 101], [200, 40, 300]]);
  checkAgainstNaive('typescript-direct', () => typeScriptGemm, [[65, 130, 17]]);
});

describe('missing or invalid kernels fall back to TypeScript', () => {
  const garbage: GemmBinaries = { simd: { shared: 'AGFzbQEAAAA=', unshared: '!!not base64!!' }, relaxed: { shared: 'AAAA', unshared: 'AAAA' } };
  it('no engine without kernels, or with kernels that do not validate', () => {
    assert.equal(createWasmGemm({ binaries: null }), null);
    assert.equal(createWasmGemm({ binaries: garbage, threads: 1 }), null);
    assert.equal(createWasmGemm({ binaries: garbage, threads: 2 }), null);
  });
  it('a generated module of the wrong shape reads as none', () => {
    assert.equal(asGemmBinaries(undefined), null);
    assert.equal(asGemmBinaries({ simd: { shared: 'x' } }), null);
    assert.ok(builtGemmBinaries === null || asGemmBinaries(builtGemmBinaries) !== null);
  });
  it('the backend then computes in TypeScript, correctly', () => {
    const backend = portableBackendWith(() => createWasmGemm({ binaries: garbage }));
    assert.match(backend.library, /TypeScript/);
    const cs: GemmCase = { transA: true, transB: false, m: 80, n: 70, k: 90, alpha: 1, beta: 0 };
    assert.ok(cs.m * cs.n * cs.k >= WASM_MIN_FLOPS);
    const { a, b, c } = operands(Rng.fromSeed(8), cs);
    const before = cloneStored(c);
    runGemm(backend.dgemm, cs, a, b, c);
    assert.equal(gemmMismatch(cs, c, before, naiveGemm(cs, a, b, before)), null);
  });
});

describe('the portable backend', () => {
  it('names what runs its GEMM and its threads', () => {
    const lib = portableBackend.library;
    if (process.env['OVERPARAM_PORTABLE_WASM'] === '0') assert.match(lib, /TypeScript/);
    else assert.match(lib, new RegExp(`WebAssembly SIMD.*GEMM \\(${portableBackend.threads()} threads?\\)`));
    assert.ok(portableBackend.threads() >= 1);
  });
});
