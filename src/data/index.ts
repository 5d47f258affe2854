/** overparam/data: data set types, the papers' synthetic sets, and file loaders. */
export * from './dataset.js';
export * from './synthetic.js';
export { scaleToNorm, randomDirection, rowDistance } from './geometry.js';
export { DataFormatError } from './errors.js';
export type { DataLocation } from './errors.js';
export { loadDataset, loadTable, parseLabelColumns } from './loaders.js';
export type { ColumnRef, LoadOptions, LoadedTable } from './loaders.js';
export { parseCsv, parseNumericCell } from './csv.js';
export type { CsvOptions, CsvTable } from './csv.js';
export { parseJsonDataset } from './jsonData.js';
export type { JsonDataset, JsonMatrix } from './jsonData.js';
export { decodeNpy, encodeNpy } from './npy.js';
export type { NpyArray } from './npy.js';
