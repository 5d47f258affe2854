/** overparam/train: the papers' losses, GD/SGD schedules and the training loop. */
export { makeLoss, trainingError, minMargin, LOSS_NAMES } from './losses.js';
export type { Loss, LossName, LossSpec } from './losses.js';
export { batchSampler } from './schedule.js';
export type { BatchSampler, LearningRateSpec, OptimizerSpec } from './schedule.js';
export { train, trainAsync, gradientStep } from './trainer.js';
export { TrainingSession } from './session.js';
export type { SessionOptions } from './session.js';
export { lambdaMaxStepSize } from './stepSize.js';
export type { StopReason, TrainOptions, TrainRecord, TrainResult } from './trainer.js';
