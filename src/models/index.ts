/** overparam/models: the five papers' networks as presets, JSON model specs, parameter checkpoints. */
export * from './du2019.js';
export * from './zou2018.js';
export * from './allenzhu2019.js';
export * from './chen2018.js';
export * from './liu2020.js';
export { buildModel, PRESETS, LAYER_TYPES } from './spec.js';
export type { PresetName } from './spec.js';
export { saveParams, loadParams, PARAMS_FORMAT } from './checkpoint.js';
