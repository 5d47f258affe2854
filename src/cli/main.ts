#!/usr/bin/env node
/** The `overparam` command line. Each command lives in cli/commands/ and registers itself here. */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../version.js';
import { registerDoctor } from './commands/doctor.js';
import { registerModel } from './commands/model.js';
import { registerKernel } from './commands/kernel.js';
import { registerTrain } from './commands/train.js';
import { registerDiversity } from './commands/diversity.js';
import { registerSweep } from './commands/sweep.js';
import { registerMerge } from './commands/merge.js';
import { registerReproduce } from './commands/reproduce.js';

// `overparam … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const program = new Command();
program
  // A usage error (unknown option, missing argument) exits 2 like every other user error; commander
  // has printed its one-line message already. --help and --version exit 0.
  .exitOverride((err: CommanderError) => {
    const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' || err.exitCode === 0;
    process.exit(ok ? 0 : 2);
  })
  .name('overparam')
  .description('A laboratory for the theory of over-parameterized neural networks.')
  .version(packageVersion(), '-V, --version', 'print the version')
  // One line, like the command's own errors: "overparam: <problem> (run with --help for usage)".
  .configureOutput({
    outputError: (text, write) => write(`overparam: ${text.trim().replace(/^error: /, '')} (run with --help for usage)\n`),
  });

registerDoctor(program);
registerModel(program);
registerKernel(program);
registerTrain(program);
registerDiversity(program);
registerSweep(program);
registerMerge(program);
registerReproduce(program);

await program.parseAsync(process.argv);
