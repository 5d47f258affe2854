/**
 * The OpenBLAS kernel set chosen from the CPU's flags: the richest set whose instructions are all
 * present, nothing without AVX2+FMA, a user's OPENBLAS_CORETYPE left alone, and the choice in force in
 * the library the native backend loaded.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chooseOpenblasCore, cpuFlags, openblasCoreFor } from '../../src/linalg/backends/openblasCore.js';
import { availableBackends } from '../../src/linalg/registry.js';

const SSE = ['fpu', 'sse', 'sse2', 'pni', 'ssse3', 'sse4_1', 'sse4_2'];
const AVX2 = [...SSE, 'avx', 'avx2', 'fma'];
const AVX512 = [...AVX2, 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

it('the richest kernel set whose instructions are all there', () => {
  assert.equal(openblasCoreFor(new Set([...AVX512, 'avx512_bf16'])), 'Cooperlake');
  assert.equal(openblasCoreFor(new Set(AVX512)), 'SkylakeX');
  assert.equal(openblasCoreFor(new Set(AVX2)), 'Haswell');
  // AVX-512 foundation alone (Knights Landing lacks bw/dq/vl) is not SkylakeX.
  assert.equal(openblasCoreFor(new Set([...AVX2, 'avx512f', 'avx512cd'])), 'Haswell');
  assert.equal(openblasCoreFor(new Set([...SSE, 'avx', 'avx2'])), undefined, 'AVX2 without FMA');
  assert.equal(openblasCoreFor(new Set(SSE)), undefined);
  assert.equal(openblasCoreFor(new Set()), undefined);
});

it('reads the first processor’s flags from /proc/cpuinfo text', () => {
  const text = ['processor\t: 0', 'model\t\t: 207', 'flags\t\t: fpu avx2 fma  sse', 'bugs\t\t: spectre_v1', '', 'processor\t: 1', 'flags\t\t: fpu'].join('\n');
  assert.deepEqual([...cpuFlags(text)].sort(), ['avx2', 'fma', 'fpu', 'sse']);
  assert.equal(cpuFlags('processor\t: 0\nmodel\t: 1\n').size, 0);
});

it('a kernel set the user named is left alone', () => {
  const env: NodeJS.ProcessEnv = { OPENBLAS_CORETYPE: 'Prescott' };
  assert.equal(chooseOpenblasCore(env), undefined);
  assert.equal(env.OPENBLAS_CORETYPE, 'Prescott');
});

it('the native library runs the kernel set chosen for this CPU', (t) => {
  const native = availableBackends().find((b) => b.name === 'native');
  if (native === undefined || !native.library.startsWith('OpenBLAS')) return t.skip('no native OpenBLAS here');
  const chosen = process.env.OPENBLAS_CORETYPE;
  if (chosen === undefined) return t.skip('no kernel set chosen (not Linux x86-64, or no AVX2)');
  // The library reports its kernel set as "OpenBLAS 0.3.21 (pthread, SkylakeX)"; a build for one CPU
  // (not DYNAMIC_ARCH) ignores OPENBLAS_CORETYPE and names no other set.
  const core = /\(.*,\s*([A-Za-z0-9]+)\)/.exec(native.library)?.[1];
  if (core === undefined) return t.skip(`the library names no kernel set: ${native.library}`);
  assert.equal(core.toLowerCase(), chosen.toLowerCase(), native.library);
});
