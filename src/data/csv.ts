/**
 * A strict numeric CSV reader: every cell must be a finite decimal number, every row the same width.
 * Errors name the file, the line and the column (field number). Supports an optional header row
 * (detected or forced), double-quoted fields ("" escapes a quote; no line breaks inside quotes),
 * CRLF line ends, a UTF-8 byte-order mark, blank lines and `#` comment lines (both skipped).
 */
import { DataFormatError } from './errors.js';

export interface CsvOptions {
  /** Field separator, one character. Default ','. */
  delimiter?: string;
  /**
   * Whether the first non-blank line names the columns. 'auto' (default): it does when none of its
   * cells looks like a number (so a data row with one typo is reported, not swallowed as a header).
   */
  header?: boolean | 'auto';
}

/** A parsed numeric table, with where each row came from. */
export interface CsvTable {
  /** Column names from the header row, or null when there is none. */
  columns: string[] | null;
  /** Line number of the header row (0 when there is none). */
  headerLine: number;
  rows: number;
  cols: number;
  /** Row-major values. */
  data: Float64Array;
  /** 1-based line number of each data row. */
  lines: Int32Array;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Parses one cell: the number, or the problem with it (for the error message). Accepts decimal
 * notation with an optional exponent; rejects NaN/Infinity spellings, hex, empty cells and overflow.
 */
export function parseNumericCell(cell: string): number | string {
  const s = cell.trim();
  if (s.length === 0) return 'empty cell';
  if (NUMBER.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : `value ${s} overflows float64`;
  }
  if (NON_FINITE.test(s)) {
    const kind = /nan/i.test(s) ? 'NaN' : 'infinite';
    return `${kind} value "${s}" (only finite numbers are accepted)`;
  }
  return `non-numeric cell ${JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s)}`;
}

function looksNumeric(cell: string): boolean {
  const s = cell.trim();
  return NUMBER.test(s) || NON_FINITE.test(s);
}

/** Splits a line into fields, honouring double quotes. */
function splitFields(line: string, delim: string, file: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    // skip spaces before a possible opening quote
    let j = i;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t') && line[j] !== delim) j++;
    if (line[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        if (k >= line.length) {
          throw new DataFormatError(file, 'unterminated quoted field (quoted fields cannot span lines)', { line: lineNo, column: out.length + 1 });
        }
        if (line[k] === '"') {
          if (line[k + 1] === '"') {
            value += '"';
            k += 2;
            continue;
          }
          k++;
          break;
        }
        value += line[k++];
      }
      while (k < line.length && (line[k] === ' ' || line[k] === '\t') && line[k] !== delim) k++;
      if (k < line.length && line[k] !== delim) {
        throw new DataFormatError(file, 'unexpected text after a closing quote', { line: lineNo, column: out.length + 1 });
      }
      out.push(value);
      if (k >= line.length) return out;
      i = k + 1;
    } else {
      const end = line.indexOf(delim, i);
      if (end < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
}

/** Parses numeric CSV text; `file` names the source in errors. */
export function parseCsv(text: string, file: string, opts: CsvOptions = {}): CsvTable {
  const delim = opts.delimiter ?? ',';
  if (delim.length !== 1 || delim === '"' || delim === '\n' || delim === '\r') {
    throw new DataFormatError(file, `delimiter must be one character other than a quote or line break; got ${JSON.stringify(delim)}`);
  }
  const headerOpt = opts.header ?? 'auto';
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');

  let columns: string[] | null = null;
  let headerLine = 0;
  let cols = -1;
  let widthLine = 0; // the line that fixed the width, for ragged-row messages
  let data = new Float64Array(1024);
  let size = 0;
  const rowLines: number[] = [];
  let decided = false;

  for (let idx = 0; idx < lines.length; idx++) {
    const lineNo = idx + 1;
    let line = lines[idx];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trim();
    if (trimmed.length === 0 || trimmed[0] === '#') continue;
    const fields = splitFields(line, delim, file, lineNo);

    if (!decided) {
      decided = true;
      const isHeader = headerOpt === 'auto' ? fields.every((f) => !looksNumeric(f)) : headerOpt;
      cols = fields.length;
      widthLine = lineNo;
      if (isHeader) {
        columns = fields.map((f) => f.trim());
        headerLine = lineNo;
        continue;
      }
    }
    if (fields.length !== cols) {
      const what = columns !== null ? `the header on line ${widthLine}` : `line ${widthLine}`;
      throw new DataFormatError(file, `ragged row: ${fields.length} fields, but ${what} has ${cols}`, { line: lineNo });
    }
    if (size + cols > data.length) {
      const bigger = new Float64Array(Math.max(2 * data.length, size + cols));
      bigger.set(data.subarray(0, size));
      data = bigger;
    }
    for (let c = 0; c < cols; c++) {
      const v = parseNumericCell(fields[c]);
      if (typeof v === 'string') {
        const name = columns !== null ? ` ("${columns[c]}")` : '';
        throw new DataFormatError(file, `${v} in column ${c + 1}${name}`, { line: lineNo, column: c + 1 });
      }
      data[size++] = v;
    }
    rowLines.push(lineNo);
  }
  if (!decided) throw new DataFormatError(file, 'empty file: no data rows', { line: 1 });
  if (rowLines.length === 0) throw new DataFormatError(file, 'the file has a header but no data rows', { line: headerLine });
  return {
    columns,
    headerLine,
    rows: rowLines.length,
    cols,
    data: data.slice(0, size),
    lines: Int32Array.from(rowLines),
  };
}
