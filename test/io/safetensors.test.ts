import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OverparamError, ShapeError } from '../../src/errors.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  f64,
  loadSafetensors,
  matrixTensor,
  saveSafetensors,
  SafetensorsError,
  tensorMatrix,
  type Tensor,
} from '../../src/io/safetensors.js';
import { Matrix } from '../../src/linalg/matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'overparam-st-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A file built by hand: header JSON (unpadded) and data bytes. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerLenOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLenOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function headerOf(bytes: Uint8Array): { text: string; length: number } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { text: new TextDecoder().decode(bytes.subarray(8, 8 + n)), length: n };
}

function throwsWith(fn: () => unknown, ...fragments: (string | RegExp)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SafetensorsError, `expected a SafetensorsError, got ${String(e)}`);
    assert.ok(e instanceof OverparamError);
    for (const f of fragments) {
      if (typeof f === 'string') assert.ok(e.message.includes(f), `message "${e.message}" lacks "${f}"`);
      else assert.match(e.message, f);
    }
    return true;
  });
}

describe('safetensors encode/decode', () => {
  it('round-trips F64 bit for bit: ±0, subnormals, ±Infinity, NaN (canonical and with a payload), extremes', () => {
    const special = new Float64Array([
      0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
      Infinity, -Infinity, NaN, 1 / 3, -Math.PI, 1e-310, Number.EPSILON,
    ]);
    const withPayload = new Float64Array(2);
    const dv = new DataView(withPayload.buffer);
    dv.setBigUint64(0, 0x7ff0000000000001n, true); // signalling-NaN bit pattern with payload 1
    dv.setBigUint64(8, 0xfff8dead0000beefn, true); // negative quiet NaN with a payload
    const bytes = encodeSafetensors({ special: f64([special.length], special), payload: f64([2], withPayload) });
    const back = decodeSafetensors(bytes, 'mem');
    assert.deepEqual(bytesOf(back.tensors['special'].data), bytesOf(special));
    assert.deepEqual(bytesOf(back.tensors['payload'].data), bytesOf(withPayload));
    assert.ok(Object.is((back.tensors['special'].data as Float64Array)[1], -0));
    assert.deepEqual(back.tensors['special'].shape, [special.length]);
    assert.equal(back.tensors['special'].dtype, 'F64');
  });

  it('round-trips F32, I64 (full range) and I32, scalars and empty tensors, and metadata', () => {
    const tensors: Record<string, Tensor> = {
      f32: { dtype: 'F32', shape: [3], data: new Float32Array([1.5, -0, 3.4028234663852886e38]) },
      i64: { dtype: 'I64', shape: [2, 2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n]) },
      i32: { dtype: 'I32', shape: [1, 3], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1, 7]) },
      scalar: f64([], new Float64Array([42])),
      empty: f64([0], new Float64Array(0)),
      empty2: f64([3, 0, 2], new Float64Array(0)),
      odd: { dtype: 'I32', shape: [1], data: new Int32Array([5]) },
      'ünïcode name': f64([1], new Float64Array([2])),
    };
    const metadata = { seed: '7', paper: 'du2019', 'note ✓': 'λ0 = 1.2e-3\n"quoted"', empty: '' };
    const back = decodeSafetensors(encodeSafetensors(tensors, metadata));
    assert.deepEqual(back.metadata, metadata);
    assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      const b = back.tensors[name];
      assert.equal(b.dtype, t.dtype, name);
      assert.deepEqual(b.shape, t.shape, name);
      assert.equal(b.data.constructor, t.data.constructor, name);
      assert.deepEqual(bytesOf(b.data), bytesOf(t.data), name);
    }
  });

  it('writes the header sorted by name, padded with spaces to a multiple of 8, with aligned contiguous data', () => {
    const tensors: Record<string, Tensor> = {
      zeta: f64([2], new Float64Array([1, 2])),
      alpha: { dtype: 'I32', shape: [3], data: new Int32Array([1, 2, 3]) },
      mid: f64([1, 1], new Float64Array([3])),
      beta: { dtype: 'F32', shape: [1], data: new Float32Array([1]) },
    };
    const bytes = encodeSafetensors(tensors, { b: '2', a: '1' });
    const { text, length } = headerOf(bytes);
    assert.equal(length % 8, 0);
    assert.equal((8 + length) % 8, 0);
    assert.match(text, / *$/);
    const trimmed = text.trimEnd();
    assert.ok(text.slice(trimmed.length).split('').every((c) => c === ' '));
    const parsed = JSON.parse(text) as Record<string, { dtype: string; data_offsets: [number, number] }>;
    const keys = Object.keys(parsed);
    assert.deepEqual(keys, ['__metadata__', 'alpha', 'beta', 'mid', 'zeta']);
    assert.deepEqual(Object.keys(parsed['__metadata__']), ['a', 'b']);
    // contiguous tiling of the data section, each tensor aligned to its item size, 8-byte types first
    const spans = keys.filter((k) => k !== '__metadata__').map((k) => ({ k, ...parsed[k] }));
    spans.sort((a, b) => a.data_offsets[0] - b.data_offsets[0]);
    let pos = 0;
    for (const s of spans) {
      assert.equal(s.data_offsets[0], pos);
      const item = s.dtype === 'F64' || s.dtype === 'I64' ? 8 : 4;
      assert.equal((8 + length + s.data_offsets[0]) % item, 0, `${s.k} is not aligned`);
      pos = s.data_offsets[1];
    }
    assert.equal(8 + length + pos, bytes.length);
    assert.deepEqual(spans.map((s) => s.k), ['mid', 'zeta', 'alpha', 'beta']);
  });

  it('encodes deterministically and omits empty metadata', () => {
    const t = { a: f64([2], new Float64Array([1, 2])) };
    assert.deepEqual(encodeSafetensors(t), encodeSafetensors(t, {}));
    assert.ok(!headerOf(encodeSafetensors(t)).text.includes('__metadata__'));
  });

  it('decodes from an unaligned offset into fresh aligned arrays that do not alias the input', () => {
    const data = new Float64Array([1.25, -2.5, 3e300]);
    const bytes = encodeSafetensors({ w: f64([3], data) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const view = shifted.subarray(3);
    const back = decodeSafetensors(view);
    const w = back.tensors['w'].data as Float64Array;
    assert.deepEqual(Array.from(w), [1.25, -2.5, 3e300]);
    assert.equal(w.byteOffset % 8, 0);
    assert.notEqual(w.buffer, shifted.buffer);
    view.fill(0);
    assert.equal(w[0], 1.25);
  });

  it('accepts a header that is not padded (other writers need not align)', () => {
    const data = new Float64Array([7, 8]);
    const bytes = rawFile({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }, bytesOf(data));
    assert.notEqual(headerOf(bytes).length % 8, 0);
    assert.deepEqual(Array.from(decodeSafetensors(bytes).tensors['a'].data as Float64Array), [7, 8]);
  });

  it('keeps a tensor named "__proto__" as an ordinary key', () => {
    const tensors = Object.fromEntries([['__proto__', f64([1], new Float64Array([9]))]]) as Record<string, Tensor>;
    const back = decodeSafetensors(encodeSafetensors(tensors));
    assert.ok(Object.prototype.hasOwnProperty.call(back.tensors, '__proto__'));
    assert.equal((back.tensors['__proto__'].data as Float64Array)[0], 9);
  });

  it('converts between matrices and tensors', () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    const back = tensorMatrix(decodeSafetensors(encodeSafetensors({ m: matrixTensor(m) })).tensors['m']);
    assert.deepEqual(back.toArray(), m.toArray());
    assert.throws(() => tensorMatrix({ dtype: 'I32', shape: [1], data: new Int32Array(1) }), ShapeError);
  });

  it('refuses to encode inconsistent tensors', () => {
    assert.throws(() => f64([2, 2], new Float64Array(3)), ShapeError);
    assert.throws(() => encodeSafetensors({ a: { dtype: 'F64', shape: [2], data: new Float64Array(3) } }), ShapeError);
    assert.throws(() => encodeSafetensors({ a: { dtype: 'F64', shape: [-1], data: new Float64Array(0) } }), ShapeError);
    throwsWith(() => encodeSafetensors({ a: { dtype: 'F32', shape: [1], data: new Float64Array(1) } }), 'does not match');
    throwsWith(() => encodeSafetensors({ __metadata__: f64([0], new Float64Array(0)) }), '__metadata__');
    throwsWith(() => encodeSafetensors({ '': f64([0], new Float64Array(0)) }), 'empty');
    throwsWith(() => encodeSafetensors({}, { k: 3 as unknown as string }), 'metadata "k" must be a string');
  });
});

describe('safetensors validation', () => {
  const good = { dtype: 'F64', shape: [2], data_offsets: [0, 16] };
  const sixteen = new Uint8Array(16);
  const cases: [string, Uint8Array, (string | RegExp)[]][] = [
    ['too short', new Uint8Array(5), ['5 bytes', '8-byte header length']],
    ['header length beyond the file', rawFile({ a: good }, sixteen, 10_000n), ['header length 10000 exceeds']],
    ['huge header length', rawFile({ a: good }, sixteen, 2n ** 63n), ['exceeds']],
    ['invalid UTF-8', rawFile('{"ab": 1}', sixteen).map((b, i) => (i === 10 ? 0xff : b)), ['not valid UTF-8']],
    ['not starting with {', rawFile('[1, 2]'), ['must start with "{"']],
    ['invalid JSON', rawFile('{"a": {"dtype": "F64",'), ['not valid JSON']],
    ['unknown dtype', rawFile({ a: { ...good, dtype: 'F128' } }, sixteen), ['tensor "a"', 'unknown dtype "F128"']],
    ['format dtype we do not load', rawFile({ a: { ...good, dtype: 'F16', data_offsets: [0, 4] } }, new Uint8Array(4)), ['dtype F16 is not supported']],
    ['dtype not a string', rawFile({ a: { ...good, dtype: 8 } }, sixteen), ['dtype must be a string']],
    ['bad shape', rawFile({ a: { ...good, shape: [2.5] } }, sixteen), ['shape must be an array of non-negative integers']],
    ['negative shape', rawFile({ a: { ...good, shape: [-2] } }, sixteen), ['shape must be an array']],
    ['bad offsets', rawFile({ a: { ...good, data_offsets: [0] } }, sixteen), ['data_offsets must be [begin, end]']],
    ['reversed offsets', rawFile({ a: { ...good, data_offsets: [16, 0] } }, sixteen), ['end before they begin']],
    ['unknown field', rawFile({ a: { ...good, extra: 1 } }, sixteen), ['unknown field "extra"']],
    ['entry not an object', rawFile({ a: [1, 2] }, sixteen), ['entry must be an object']],
    ['shape × itemsize ≠ span', rawFile({ a: { ...good, shape: [3] } }, sixteen), ['shape [3] × 8 bytes (F64) = 24 bytes', 'span 16']],
    ['past the end', rawFile({ a: { ...good, shape: [3], data_offsets: [0, 24] } }, sixteen), ['run past the end of the data (16 bytes)']],
    [
      'overlap',
      rawFile({ a: good, b: { dtype: 'F64', shape: [1], data_offsets: [8, 16] } }, sixteen),
      ['tensor "b"', 'overlap tensor "a"'],
    ],
    ['gap at the start', rawFile({ a: { ...good, shape: [1], data_offsets: [8, 16] } }, sixteen), ['leaving a gap after byte 0']],
    [
      'gap in the middle',
      rawFile({ a: { ...good, shape: [1], data_offsets: [0, 8] }, b: { dtype: 'I32', shape: [1], data_offsets: [12, 16] } }, sixteen),
      ['tensor "b"', 'gap after byte 8'],
    ],
    ['trailing bytes', rawFile({ a: good }, new Uint8Array(24)), ['8 trailing bytes']],
    ['metadata not an object', rawFile({ __metadata__: 'x', a: good }, sixteen), ['"__metadata__" must be an object']],
    ['metadata value not a string', rawFile({ __metadata__: { k: 1 }, a: good }, sixteen), ['metadata "k" must be a string']],
  ];
  for (const [label, bytes, fragments] of cases) {
    it(`rejects: ${label}`, () => throwsWith(() => decodeSafetensors(bytes, 'runs/k.safetensors'), 'runs/k.safetensors: ', ...fragments));
  }

  it('accepts an empty file with an empty header', () => {
    const back = decodeSafetensors(rawFile('{}'));
    assert.deepEqual(back, { tensors: {}, metadata: {} });
    assert.deepEqual(decodeSafetensors(encodeSafetensors({})).tensors, {});
  });
});

describe('safetensors files', () => {
  it('saves atomically (no temporary file left) and loads back', () => {
    const p = join(dir, 'a.safetensors');
    const w = f64([2, 2], new Float64Array([1, 2, 3, 4]));
    saveSafetensors(p, { w }, { step: '10' });
    saveSafetensors(p, { w, v: f64([1], new Float64Array([5])) }, { step: '20' }); // overwrite
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.') || f.endsWith('.tmp')), []);
    const back = loadSafetensors(p);
    assert.deepEqual(back.metadata, { step: '20' });
    assert.deepEqual(Array.from(back.tensors['w'].data as Float64Array), [1, 2, 3, 4]);
    assert.deepEqual(Object.keys(back.tensors).sort(), ['v', 'w']);
  });

  it('names the path in load and save errors', () => {
    const missing = join(dir, 'missing.safetensors');
    throwsWith(() => loadSafetensors(missing), missing, 'cannot read');
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, rawFile('{"a": 1}'));
    throwsWith(() => loadSafetensors(bad), `${bad}: tensor "a"`);
    const noDir = join(dir, 'no', 'such', 'dir', 'x.safetensors');
    throwsWith(() => saveSafetensors(noDir, {}), noDir, 'cannot write');
    assert.ok(!existsSync(noDir));
  });
});

function pythonWithNumpy(): boolean {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Parses a file with json/struct/numpy only (or the safetensors package when installed). */
const PY_READ = `
import json, struct, sys
import numpy as np
path = sys.argv[1]
raw = open(path, 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n].decode('utf-8'))
assert n % 8 == 0, 'header not padded to 8'
base = 8 + n
kinds = {'F64': '<f8', 'F32': '<f4', 'I64': '<i8', 'I32': '<i4'}
out = {'metadata': header.pop('__metadata__', {}), 'tensors': {}}
for name, info in header.items():
    b, e = info['data_offsets']
    a = np.frombuffer(raw[base + b: base + e], dtype=kinds[info['dtype']]).reshape(info['shape'])
    out['tensors'][name] = {'dtype': info['dtype'], 'shape': list(a.shape),
        'hex': a.tobytes().hex()}
try:
    from safetensors.numpy import load_file
    ref = load_file(path)
    for name, a in ref.items():
        assert a.tobytes().hex() == out['tensors'][name]['hex'], name
    out['checked_with_safetensors'] = True
except ImportError:
    out['checked_with_safetensors'] = False
print(json.dumps(out))
`;

const PY_WRITE = `
import json, struct, sys
import numpy as np
path = sys.argv[1]
tensors = {
    'w': np.array([[1.0, -0.0, np.inf], [np.nan, 5e-324, -1.5]], dtype='<f8'),
    'b': np.arange(5, dtype='<f4') / 3,
    'idx': np.array([-(2**63), 2**63 - 1, 3], dtype='<i8'),
    'k': np.array([[7], [-8]], dtype='<i4'),
}
try:
    from safetensors.numpy import save_file
    save_file(tensors, path, metadata={'source': 'python'})
except ImportError:
    header, chunks, pos = {'__metadata__': {'source': 'python'}}, [], 0
    for name in sorted(tensors, key=lambda k: (-tensors[k].dtype.itemsize, k)):
        a = tensors[name]
        kind = {'<f8': 'F64', '<f4': 'F32', '<i8': 'I64', '<i4': 'I32'}[a.dtype.str]
        header[name] = {'dtype': kind, 'shape': list(a.shape), 'data_offsets': [pos, pos + a.nbytes]}
        chunks.append(a.tobytes()); pos += a.nbytes
    h = json.dumps(header).encode('utf-8')
    h += b' ' * (-len(h) % 8)
    open(path, 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(chunks))
print(json.dumps({name: a.tobytes().hex() for name, a in tensors.items()}))
`;

describe('safetensors interoperability with Python', () => {
  const hex = (a: ArrayBufferView): string => Buffer.from(bytesOf(a)).toString('hex');

  it('a file written here parses in Python with json/struct/numpy', (t) => {
    if (!pythonWithNumpy()) return t.skip('python3 with numpy not found');
    const p = join(dir, 'ts.safetensors');
    const tensors: Record<string, Tensor> = {
      w: f64([2, 3], new Float64Array([1, -0, Infinity, NaN, 5e-324, -1.5])),
      f: { dtype: 'F32', shape: [3], data: new Float32Array([0.5, 1, 2]) },
      i: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 12345678901234n]) },
      j: { dtype: 'I32', shape: [1, 1], data: new Int32Array([-3]) },
      e: f64([0, 4], new Float64Array(0)),
    };
    saveSafetensors(p, tensors, { seed: '3', name: 'ü' });
    const r = spawnSync('python3', ['-c', PY_READ, p], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; hex: string }>;
    };
    assert.deepEqual(out.metadata, { seed: '3', name: 'ü' });
    for (const [name, t0] of Object.entries(tensors)) {
      assert.equal(out.tensors[name].dtype, t0.dtype);
      assert.deepEqual(out.tensors[name].shape, t0.shape);
      assert.equal(out.tensors[name].hex, hex(t0.data), name);
    }
  });

  it('a file written in Python decodes here bit for bit', (t) => {
    if (!pythonWithNumpy()) return t.skip('python3 with numpy not found');
    const p = join(dir, 'py.safetensors');
    const r = spawnSync('python3', ['-c', PY_WRITE, p], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const expected = JSON.parse(r.stdout) as Record<string, string>;
    const back = loadSafetensors(p);
    assert.deepEqual(back.metadata, { source: 'python' });
    assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(expected).sort());
    for (const [name, h] of Object.entries(expected)) assert.equal(hex(back.tensors[name].data), h, name);
    assert.deepEqual(back.tensors['w'].shape, [2, 3]);
    assert.equal(back.tensors['idx'].dtype, 'I64');
    assert.equal((back.tensors['idx'].data as BigInt64Array)[0], -(2n ** 63n));
    assert.deepEqual(readFileSync(p).subarray(0, 8).length, 8);
  });
});
