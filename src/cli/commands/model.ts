/** `overparam model`: build a model spec and show its structure and parameter count. */
import type { Command } from 'commander';
import { shapeString } from '../../nn/shape.js';
import { loadModel } from '../inputs.js';
import { memoryBudget, requireParameterMemory } from '../memoryBudget.js';
import { runAction } from '../run.js';

export function registerModel(program: Command): void {
  program
    .command('model')
    .description('validate a model spec and list its parameter tensors')
    .requiredOption('-m, --model <spec>', 'model spec: a JSON file or inline JSON, e.g. \'{"preset":"du2019-fc","inputDim":5,"width":512,"depth":3}\'')
    .option('--json', 'print as JSON')
    .option('--max-memory <size>', 'refuse a model whose float64 parameters need more than this, e.g. "8G" (default: $OVERPARAM_MAX_MEMORY, else the machine\'s memory)')
    .action((opts: { model: string; json?: boolean; maxMemory?: string }) =>
      runAction(() => {
        const budget = memoryBudget(opts.maxMemory);
        const { net, spec } = loadModel(opts.model);
        // Listing allocates nothing, but a spec whose parameters cannot be held is no model to use.
        requireParameterMemory(net, spec, budget);
        const tensors = net.paramRefs.map((r) => ({ name: r.name, shape: [...r.shape], size: r.size, trainable: r.trainable }));
        const summary = {
          name: net.name,
          input: shapeString(net.inShape),
          outputs: net.outputs,
          parameters: net.size,
          trainable: net.trainableSize,
          tensors,
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const lines = [
          `${summary.name}: input ${summary.input}, ${summary.outputs} output(s)`,
          `parameters: ${summary.parameters} (${summary.trainable} trained)`,
          ...tensors.map((t) => `  ${t.name.padEnd(28)} [${t.shape.join('×')}]${t.trainable ? '' : '  (frozen)'}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}
