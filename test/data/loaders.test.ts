import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataFormatError } from '../../src/data/errors.js';
import { loadDataset, loadTable, parseLabelColumns } from '../../src/data/loaders.js';
import { decodeNpy, encodeNpy } from '../../src/data/npy.js';
import { ConfigError, OverparamError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'overparam-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(ext: string, content: string | Uint8Array): string {
  const p = join(dir, `f${counter++}${ext}`);
  writeFileSync(p, content);
  return p;
}

interface Expect {
  line?: number;
  column?: number;
  byteOffset?: number;
  message: RegExp;
}

/** Asserts a DataFormatError naming `path`, at the given line/column, with the message. */
function failsAt(fn: () => unknown, path: string, want: Expect): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataFormatError, `expected DataFormatError, got ${String(e)}`);
    assert.ok(e instanceof OverparamError);
    assert.equal(e.file, path);
    assert.ok(e.message.startsWith(path), `message does not start with the file: ${e.message}`);
    assert.equal(e.line, want.line, `line in: ${e.message}`);
    assert.equal(e.column, want.column, `column in: ${e.message}`);
    if (want.byteOffset !== undefined) assert.equal(e.byteOffset, want.byteOffset, e.message);
    if (want.line !== undefined) {
      const where = want.column !== undefined ? `${path}:${want.line}:${want.column}: ` : `${path}:${want.line}: `;
      assert.ok(e.message.startsWith(where), `"${e.message}" does not start with "${where}"`);
    }
    assert.match(e.message, want.message);
    return true;
  });
}

describe('CSV', () => {
  it('parses a file with a header exactly; the last column is the target by default', () => {
    const cells = ['0.1', '-1e-300', '1.7976931348623157e308', '5e-324', '+.5', '7.', '-0', '123456789012345678'];
    const text = `x1,x2,y\n${cells[0]},${cells[1]},${cells[2]}\n${cells[3]},${cells[4]},${cells[5]}\n${cells[6]},${cells[7]},3\n`;
    const p = file('.csv', text);
    const ds = loadDataset(p);
    assert.deepEqual(ds.x.shape, [3, 2]);
    assert.deepEqual(ds.y.shape, [3, 1]);
    const want = [Number(cells[0]), Number(cells[1]), Number(cells[3]), Number(cells[4]), Number(cells[6]), Number(cells[7])];
    assert.deepEqual(Array.from(ds.x.data), want);
    assert.ok(Object.is(ds.x.data[4], -0));
    assert.deepEqual(Array.from(ds.y.data), [Number(cells[2]), 7, 3]);
    assert.equal(ds.meta['labelColumns'], 'y');
    assert.equal(ds.meta['header'], true);
    assert.equal(ds.name, p.replace(/^.*\//, '').replace('.csv', ''));
  });

  it('handles no header, CRLF, a BOM, blank and comment lines, quotes and spaces', () => {
    const p = file('.csv', '\ufeff# a comment\r\n1, 2 ,3\r\n\r\n"4",5,  6 \r\n# another\r\n');
    const ds = loadDataset(p);
    assert.deepEqual(ds.x.toArray(), [[1, 2], [4, 5]]);
    assert.deepEqual(ds.y.toArray(), [[3], [6]]);
    assert.equal(ds.meta['header'], undefined);
    const q = file('.csv', '"a ""x""","b",c\n1,2,3\n');
    assert.deepEqual(loadTable(q).columns, ['a "x"', 'b', 'c']);
  });

  it('chooses label columns by index, negative index, range and name; reads TSV', () => {
    const p = file('.csv', 'a,b,c,d\n1,2,3,4\n5,6,7,8\n');
    const byName = loadDataset(p, { labelColumns: ['d', 'a'] });
    assert.deepEqual(byName.x.toArray(), [[2, 3], [6, 7]]);
    assert.deepEqual(byName.y.toArray(), [[4, 1], [8, 5]]);
    assert.deepEqual(loadDataset(p, { labelColumns: '0:2' }).y.toArray(), [[1, 2], [5, 6]]);
    assert.deepEqual(loadDataset(p, { labelColumns: '-2' }).y.toArray(), [[3], [7]]);
    assert.deepEqual(loadDataset(p, { labelColumns: 'b,3' }).x.toArray(), [[1, 3], [5, 7]]);
    assert.deepEqual(parseLabelColumns(' -1, 2:4 ,name'), [-1, 2, 3, 'name']);
    assert.throws(() => parseLabelColumns('1,,2'), ConfigError);
    const t = file('.tsv', 'u\tv\n1.5\t2\n');
    assert.deepEqual(loadDataset(t).x.toArray(), [[1.5]]);
  });

  it('treats a first row with one non-number as data (and reports it), and honours header: true/false', () => {
    const p = file('.csv', '1,abc,3\n4,5,6\n');
    failsAt(() => loadDataset(p), p, { line: 1, column: 2, message: /non-numeric cell "abc" in column 2/ });
    const q = file('.csv', '0,1,2\n4,5,6\n');
    assert.equal(loadDataset(q).x.rows, 2);
    assert.equal(loadDataset(q, { header: true }).x.rows, 1);
    assert.deepEqual(loadTable(q, { header: true }).columns, ['0', '1', '2']);
    const r = file('.csv', 'a,b\n1,2\n');
    failsAt(() => loadDataset(r, { header: false }), r, { line: 1, column: 1, message: /non-numeric cell "a"/ });
  });

  const malformed: [string, string, Expect, Parameters<typeof loadDataset>[1]?][] = [
    ['ragged row (too few)', 'a,b,c\n1,2,3\n4,5\n7,8,9\n', { line: 3, message: /ragged row: 2 fields, but the header on line 1 has 3/ }],
    ['ragged row (too many, no header)', '1,2\n\n3,4\n5,6,7\n', { line: 4, message: /ragged row: 3 fields, but line 1 has 2/ }],
    ['non-numeric cell', 'a,b\n1,2\n3,x7\n', { line: 3, column: 2, message: /non-numeric cell "x7" in column 2 \("b"\)/ }],
    ['NaN', '1,2\n3,NaN\n', { line: 2, column: 2, message: /NaN value "NaN"/ }],
    ['nan lower case', '1,2\n-nan,2\n', { line: 2, column: 1, message: /NaN value/ }],
    ['Infinity', '# c\n1,2\n3,4\n-Infinity,5\n', { line: 4, column: 1, message: /infinite value "-Infinity"/ }],
    ['inf', 'x,y\n1,inf\n', { line: 2, column: 2, message: /infinite value "inf"/ }],
    ['overflow', '1,2\n1e999,2\n', { line: 2, column: 1, message: /value 1e999 overflows float64/ }],
    ['empty cell', '1,2,3\n4,,6\n', { line: 2, column: 2, message: /empty cell in column 2/ }],
    ['trailing delimiter', '1,2\n3,4,\n', { line: 2, message: /ragged row: 3 fields/ }],
    ['hex', '1,0x10\n', { line: 1, column: 2, message: /non-numeric cell "0x10"/ }],
    ['empty file', '', { line: 1, message: /empty file: no data rows/ }],
    ['only blank lines and comments', '\n# nothing\n  \n', { line: 1, message: /empty file/ }],
    ['header only', 'a,b\n', { line: 1, message: /header but no data rows/ }],
    ['unterminated quote', 'a,b\n1,"2\n', { line: 2, column: 2, message: /unterminated quoted field/ }],
    ['text after a closing quote', 'a,b\n1,"2"x\n', { line: 2, column: 2, message: /after a closing quote/ }],
    ['label column out of range', 'a,b\n1,2\n', { line: 1, message: /label column 5 is out of range: the data has 2 columns/ }, { labelColumns: [5] }],
    ['label column name unknown', 'a,b\n1,2\n', { line: 1, message: /no column named "z" \(columns: "a", "b"\)/ }, { labelColumns: 'z' }],
    ['label name without header', '\n1,2\n', { line: 2, message: /is a name, but the data has no header row/ }, { labelColumns: 'z' }],
    ['label chosen twice', 'a,b,c\n1,2,3\n', { line: 1, message: /chosen twice/ }, { labelColumns: 'c,-1' }],
    ['no input columns left', 'a\n1\n', { line: 1, message: /no input columns are left/ }],
    ['one-hot with a fractional label', 'x,c\n1,0\n2,1\n3,1.5\n', { line: 4, message: /class label 1.5 in row 3 is not a non-negative integer/ }, { oneHot: true }],
  ];
  for (const [label, text, want, opts] of malformed) {
    it(`reports ${label} with file and line`, () => {
      const p = file('.csv', text);
      failsAt(() => loadDataset(p, opts), p, want);
    });
  }

  it('one-hot encodes integer class labels', () => {
    const p = file('.csv', 'x,c\n0.5,2\n1.5,0\n2.5,1\n');
    const ds = loadDataset(p, { oneHot: true });
    assert.deepEqual(ds.y.toArray(), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    assert.equal(ds.meta['classes'], 3);
  });
});

describe('JSON', () => {
  it('parses 2-D and 1-D x and y exactly and ignores other keys', () => {
    const p = file('.json', '{"name": "demo", "meta": {"a": [1, {"b": null}], "s": "x\\"y"},\n "x": [[0.1, -2e-5], [3, 4E2]],\n "y": [1, -0.0]}');
    const ds = loadDataset(p);
    assert.deepEqual(Array.from(ds.x.data), [0.1, -2e-5, 3, 400]);
    assert.deepEqual(ds.y.shape, [2, 1]);
    assert.ok(Object.is(ds.y.data[1], -0));
    const q = file('.json', '{"y": [[1, 0], [0, 1], [1, 1]], "x": [0.5, 1.5, 2.5]}');
    const ds2 = loadDataset(q);
    assert.deepEqual(ds2.x.shape, [3, 1]);
    assert.deepEqual(ds2.y.toArray(), [[1, 0], [0, 1], [1, 1]]);
    const r = file('.json', '{"x": [[1, 2, 3], [4, 5, 6]]}');
    assert.deepEqual(loadDataset(r, { labelColumns: [0] }).y.toArray(), [[1], [4]]);
  });

  const malformed: [string, string, Expect][] = [
    ['a missing comma', '{"x": [[1, 2],\n [3 4]], "y": [1, 2]}', { line: 2, column: 5, message: /expected '\]' or ',' in row 2 of "x" but found "4\]\]/ }],
    ['a ragged row', '{"x": [\n  [1, 2],\n  [3, 4, 5],\n  [6, 7]\n], "y": [1, 2, 3]}', { line: 3, column: 3, message: /ragged row: row 2 of "x" has 3 entries, but row 1 \(line 2\) has 2/ }],
    ['a string value', '{"x": [[1, 2],\n    [3, "4"]], "y": [1, 2]}', { line: 2, column: 9, message: /non-numeric value "4" where a number belongs/ }],
    ['null', '{"x": [[1, null]], "y": [1]}', { line: 1, column: 12, message: /null where a number belongs/ }],
    ['NaN', '{"x": [[1, 2]],\n"y": [NaN]}', { line: 2, column: 7, message: /NaN value/ }],
    ['Infinity', '{"x": [[1, -Infinity]], "y": [1]}', { line: 1, column: 12, message: /infinite value/ }],
    ['overflow', '{"x": [[1, 1e400]], "y": [1]}', { line: 1, column: 12, message: /value 1e400 overflows float64/ }],
    ['three dimensions', '{"x": [[[1]]], "y": [1]}', { line: 1, column: 9, message: /wrong shape: "x" has more than two dimensions/ }],
    ['mixed rows', '{"x": [[1], 2], "y": [1, 2]}', { line: 1, column: 13, message: /row 2 of "x" is not an array/ }],
    ['no x', '{"y": [1]}', { line: 1, column: 1, message: /no "x" key/ }],
    ['no y', '{"x": [[1, 2]]}', { line: 1, column: 7, message: /no "y" key/ }],
    ['rows differ', '{"x": [[1], [2]],\n "y": [1, 2, 3]}', { line: 2, column: 7, message: /"y" has 3 rows but "x" \(line 1\) has 2/ }],
    ['an empty x', '{"x": [], "y": []}', { line: 1, column: 7, message: /"x" is empty/ }],
    ['a duplicate key', '{"x": [1],\n"x": [2], "y": [1]}', { line: 2, column: 1, message: /duplicate key "x"/ }],
    ['trailing text', '{"x": [1], "y": [1]}\n}', { line: 2, column: 1, message: /unexpected text after the top-level object/ }],
    ['an empty file', '  \n', { line: 2, column: 1, message: /empty file/ }],
    ['a top-level array', '[[1, 2]]', { line: 1, column: 1, message: /top level must be an object/ }],
    ['an unterminated input', '{"x": [[1, 2],', { line: 1, column: 15, message: /unexpected end of the file inside "x"/ }],
    ['a leading zero', '{"x": [01], "y": [1]}', { line: 1, column: 8, message: /invalid number "01"/ }],
  ];
  for (const [label, text, want] of malformed) {
    it(`reports ${label} with file, line and column`, () => {
      const p = file('.json', text);
      failsAt(() => loadDataset(p), p, want);
    });
  }
});

/** A hand-built .npy file: header dict text, raw data, format version. */
function npy(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  let h = dict;
  const total = Math.ceil((pre + h.length + 1) / 64) * 64;
  h = h.padEnd(total - pre - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const v = new DataView(out.buffer);
  if (major === 1) v.setUint16(8, h.length, true);
  else v.setUint32(8, h.length, true);
  out.set(new TextEncoder().encode(h), pre);
  out.set(data, total);
  return out;
}

function f64le(values: number[], bigEndian = false): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const v = new DataView(out.buffer);
  values.forEach((x, k) => v.setFloat64(8 * k, x, !bigEndian));
  return out;
}

describe('.npy', () => {
  it('round-trips through encodeNpy and reads every supported dtype, byte order and version', () => {
    const vals = [1.5, -0, 5e-324, 1e300, -2];
    const back = decodeNpy(encodeNpy([5, 1], Float64Array.from(vals)), 'mem.npy');
    assert.deepEqual(back.shape, [5, 1]);
    assert.deepEqual(Array.from(back.data), vals);
    assert.ok(Object.is(back.data[1], -0));
    const dict = (descr: string, shape: string): string => `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
    assert.deepEqual(Array.from(decodeNpy(npy(dict('>f8', '(2,)'), f64le([3, -4], true)), 'b').data), [3, -4]);
    const f4 = new Uint8Array(8);
    new DataView(f4.buffer).setFloat32(0, 0.1, true);
    new DataView(f4.buffer).setFloat32(4, -2, true);
    assert.deepEqual(Array.from(decodeNpy(npy(dict('<f4', '(1, 2)'), f4), 'c').data), [Math.fround(0.1), -2]);
    const i8 = new Uint8Array(16);
    new DataView(i8.buffer).setBigInt64(0, -(2n ** 53n) + 1n, true);
    new DataView(i8.buffer).setBigInt64(8, 7n, true);
    assert.deepEqual(Array.from(decodeNpy(npy(dict('<i8', '(2,)'), i8, 2), 'd').data), [-(2 ** 53) + 1, 7]);
    const i4 = new Uint8Array(8);
    new DataView(i4.buffer).setInt32(0, -5, false);
    new DataView(i4.buffer).setInt32(4, 2 ** 31 - 1, false);
    assert.deepEqual(Array.from(decodeNpy(npy(dict('>i4', '(2, 1)'), i4, 3), 'e').data), [-5, 2 ** 31 - 1]);
  });

  it('loads one file with label columns, or x and y from two files', () => {
    const p = file('.npy', encodeNpy([3, 3], Float64Array.from([1, 2, 0, 3, 4, 1, 5, 6, 1])));
    const ds = loadDataset(p);
    assert.deepEqual(ds.x.toArray(), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(ds.y.toArray(), [[0], [1], [1]]);
    assert.equal(ds.meta['format'], 'npy');
    const px = file('.npy', encodeNpy([2, 2], Float64Array.from([1, 2, 3, 4])));
    const py = file('.npy', encodeNpy([2], Float64Array.from([0, 2])));
    const two = loadDataset(px, { labelsPath: py, oneHot: true });
    assert.deepEqual(two.x.toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(two.y.toArray(), [[1, 0, 0], [0, 0, 1]]);
    assert.equal(two.meta['labelsSource'], py);
    const pyBad = file('.npy', encodeNpy([3], Float64Array.from([0, 2, 1])));
    failsAt(() => loadDataset(px, { labelsPath: pyBad }), pyBad, { message: /has 3 rows of targets, but .* has 2 rows of inputs/ });
    const csvY = file('.csv', 'label\n1\n0\n');
    assert.deepEqual(loadDataset(px, { labelsPath: csvY }).y.toArray(), [[1], [0]]);
    assert.throws(() => loadDataset(px, { labelsPath: py, labelColumns: [0] }), ConfigError);
    failsAt(() => loadDataset(py), py, { message: /1-D array holds only one column/ });
  });

  const dict = (descr: string, shape: string, fortran = 'False'): string => `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  const malformed: [string, Uint8Array, RegExp, number?][] = [
    ['Fortran order', npy(dict("'<f8'", '(2, 2)', 'True'), f64le([1, 2, 3, 4])), /Fortran-order arrays are not supported; save np.ascontiguousarray/, 10],
    ['an object array', npy(dict("'|O'", '(2,)'), new Uint8Array(16)), /object arrays \(dtype '\|O'\) are not supported/, 10],
    ['a structured dtype', npy(dict("[('a', '<f8'), ('b', '<i4')]", '(2,)'), new Uint8Array(24)), /structured arrays .* not supported/, 10],
    ['float16', npy(dict("'<f2'", '(2,)'), new Uint8Array(4)), /unsupported dtype '<f2' \(supported: '<f8'/, 10],
    ['unicode strings', npy(dict("'<U3'", '(1,)'), new Uint8Array(12)), /unsupported dtype '<U3'/, 10],
    ['three dimensions', npy(dict("'<f8'", '(1, 1, 2)'), f64le([1, 2])), /wrong shape \(1, 1, 2\): expected a 1-D or 2-D array/],
    ['a scalar', npy(dict("'<f8'", '()'), f64le([1])), /wrong shape \(\): expected a 1-D or 2-D array/],
    ['truncated data', npy(dict("'<f8'", '(3, 1)'), f64le([1, 2])), /truncated data: shape \(3, 1\) of '<f8' needs 24 bytes, the file has 16/, 128],
    ['trailing bytes', npy(dict("'<f8'", '(1, 1)'), f64le([1, 2])), /8 trailing bytes/, 136],
    ['NaN', npy(dict("'<f8'", '(2, 2)'), f64le([1, 2, NaN, 4])), /NaN value at element \(1, 0\)/, 144],
    ['Infinity', npy(dict("'<f8'", '(2,)'), f64le([1, -Infinity])), /infinite value at element \(1\)/, 136],
    ['int64 beyond 2^53', npy(dict("'<i8'", '(1,)'), new Uint8Array([1, 0, 0, 0, 0, 0, 0x20, 0])), /int64 value 9007199254740993 at element 0 cannot be represented exactly/, 128],
    ['a malformed header', npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", f64le([1, 2])), /malformed header/, 10],
    ['a missing key', npy("{'descr': '<f8', 'shape': (2,), }", f64le([1, 2])), /needs the keys 'descr', 'fortran_order' and 'shape'/, 10],
    ['not an npy file', new TextEncoder().encode('x,y\n1,2\n'), /not a \.npy file/, 0],
    ['an empty file', new Uint8Array(0), /empty file/],
    ['version 4.0', (() => { const b = npy(dict("'<f8'", '(1,)'), f64le([1])); b[6] = 4; return b; })(), /unsupported \.npy format version 4\.0/, 6],
    ['header length beyond the file', (() => { const b = npy(dict("'<f8'", '(1,)'), f64le([1])); new DataView(b.buffer).setUint16(8, 60000, true); return b; })(), /header length 60000 runs past the end/, 8],
  ];
  for (const [label, bytes, message, byteOffset] of malformed) {
    it(`rejects ${label} with a clear message naming the file`, () => {
      const p = file('.npy', bytes);
      failsAt(() => loadDataset(p), p, { message, byteOffset });
    });
  }
});

describe('loadDataset dispatch', () => {
  it('names the file for unsupported extensions and missing files', () => {
    const p = file('.xlsx', 'x');
    failsAt(() => loadDataset(p), p, { message: /unsupported file type ".xlsx"/ });
    const missing = join(dir, 'nope.csv');
    failsAt(() => loadDataset(missing), missing, { message: /cannot read the file/ });
    const bin = file('.csv', new Uint8Array([0x31, 0x2c, 0xff, 0x0a]));
    failsAt(() => loadDataset(bin), bin, { message: /not valid UTF-8/ });
  });
});

function pythonWithNumpy(): boolean {
  return spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
}

describe('.npy interoperability with NumPy', () => {
  it('reads files written by numpy (dtypes, byte orders, versions 1.0–3.0) exactly, and numpy reads ours', (t) => {
    if (!pythonWithNumpy()) return t.skip('python3 with numpy not found');
    const script = `
import json, sys, numpy as np
from numpy.lib import format as fmt
d = sys.argv[1]
base = np.array([[0.1, -2.5, 5e-324], [1e300, -0.0, 3.0]])
cases = {
  'f8': base.astype('<f8'), 'f8be': base.astype('>f8'),
  'f4': np.array([[0.1, -2.5, 1e-40], [3e38, -0.0, 3.0]], dtype='<f4'),
  'i8': np.array([[-(2**53) + 1, 7]], dtype='<i8'), 'i4be': np.array([3, -4, 5], dtype='>i4'),
}
out = {}
for name, a in cases.items():
    np.save(f'{d}/{name}.npy', a)
    out[name] = {'shape': list(a.shape), 'values': a.astype(np.float64).ravel().tolist()}
for v in [(2, 0), (3, 0)]:
    with open(f'{d}/v{v[0]}.npy', 'wb') as f:
        fmt.write_array(f, base, version=v)
    out[f'v{v[0]}'] = {'shape': list(base.shape), 'values': base.ravel().tolist()}
np.save(f'{d}/fortran.npy', np.asfortranarray(base))
np.save(f'{d}/object.npy', np.array([1, 'a'], dtype=object), allow_pickle=True)
ours = np.load(f'{d}/ours.npy')
out['ours'] = {'shape': list(ours.shape), 'hex': ours.astype('<f8').tobytes().hex(), 'dtype': ours.dtype.str}
print(json.dumps(out))
`;
    const ours = Float64Array.from([1 / 3, -0, 5e-324, -1e308, 2, 3]);
    writeFileSync(join(dir, 'ours.npy'), encodeNpy([2, 3], ours));
    const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { shape: number[]; values?: number[]; hex?: string; dtype?: string }>;
    for (const name of ['f8', 'f8be', 'f4', 'i8', 'i4be', 'v2', 'v3']) {
      const t0 = loadTable(join(dir, `${name}.npy`));
      const want = out[name];
      assert.deepEqual([t0.matrix.rows, t0.matrix.cols], want.shape.length === 1 ? [want.shape[0], 1] : want.shape, name);
      assert.deepEqual(Array.from(t0.matrix.data), want.values, name);
    }
    assert.deepEqual(out['ours'].shape, [2, 3]);
    assert.equal(out['ours'].dtype, '<f8');
    assert.equal(out['ours'].hex, Buffer.from(ours.buffer).toString('hex'));
    const fp = join(dir, 'fortran.npy');
    failsAt(() => loadTable(fp), fp, { message: /Fortran-order/, byteOffset: 10 });
    const op = join(dir, 'object.npy');
    failsAt(() => loadTable(op), op, { message: /object arrays/, byteOffset: 10 });
  });
});
