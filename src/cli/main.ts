#!/usr/bin/env node
/** The `overparam` command line. Each command lives in cli/commands/ and registers itself here. */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../version.js';

/**
 * The commands, in the order `--help` lists them, each loaded only when needed: a command's modules (the
 * report's plotting libraries, the claims) take longer to load than many a command takes to run.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  doctor: async () => (await import('./commands/doctor.js')).registerDoctor,
  model: async () => (await import('./commands/model.js')).registerModel,
  kernel: async () => (await import('./commands/kernel.js')).registerKernel,
  train: async () => (await import('./commands/train.js')).registerTrain,
  diversity: async () => (await import('./commands/diversity.js')).registerDiversity,
  sweep: async () => (await import('./commands/sweep.js')).registerSweep,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  reproduce: async () => (await import('./commands/reproduce.js')).registerReproduce,
};

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

// `overparam <command> …` loads that command alone; anything else (help, a misspelt command) loads all,
// so that help lists every command and commander can suggest the one meant.
const named = process.argv[2];
const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]())(program);

await program.parseAsync(process.argv);
