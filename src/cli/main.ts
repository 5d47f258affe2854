#!/usr/bin/env node
/** The `overparam` command line. Each command lives in cli/commands/ and registers itself here. */
import { Command } from 'commander';
import { packageVersion } from '../version.js';
import { registerDoctor } from './commands/doctor.js';
import { registerModel } from './commands/model.js';
import { registerKernel } from './commands/kernel.js';
import { registerTrain } from './commands/train.js';
import { registerDiversity } from './commands/diversity.js';
import { registerSweep } from './commands/sweep.js';
import { registerMerge } from './commands/merge.js';
import { registerReproduce } from './commands/reproduce.js';

const program = new Command();
program
  .name('overparam')
  .description('A laboratory for the theory of over-parameterized neural networks.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)');

registerDoctor(program);
registerModel(program);
registerKernel(program);
registerTrain(program);
registerDiversity(program);
registerSweep(program);
registerMerge(program);
registerReproduce(program);

await program.parseAsync(process.argv);
