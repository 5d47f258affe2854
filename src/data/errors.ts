/** The error for malformed data files: it names the file and, where it can, the line and column. */
import { OverparamError } from '../errors.js';

export interface DataLocation {
  /** 1-based line number (CSV, JSON). */
  line?: number;
  /** 1-based column: the field number in a CSV row, the character column in JSON. */
  column?: number;
  /** 0-based byte offset, for binary files (.npy). */
  byteOffset?: number;
}

/**
 * A data file that cannot be read as numbers: ragged rows, a non-numeric cell, NaN or ±Infinity, an
 * empty file, a wrong shape, an unsupported dtype. The message reads `file:line:column: problem`
 * (`file: byte k: problem` for binary files), like a compiler's.
 */
export class DataFormatError extends OverparamError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly byteOffset?: number;
  readonly problem: string;

  constructor(file: string, problem: string, where: DataLocation = {}) {
    let prefix = file;
    if (where.line !== undefined) {
      prefix += `:${where.line}`;
      if (where.column !== undefined) prefix += `:${where.column}`;
    } else if (where.byteOffset !== undefined) {
      prefix += `: byte ${where.byteOffset}`;
    }
    super(`${prefix}: ${problem}`);
    this.file = file;
    this.problem = problem;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.byteOffset !== undefined) this.byteOffset = where.byteOffset;
  }
}
