#!/usr/bin/env node
import { runEvaluate } from './evaluate.command';

const COMMANDS: Record<string, (args: string[]) => number> = {
  evaluate: runEvaluate,
};

function main(argv: string[]): number {
  const [command, ...args] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`usage: formasi <command>\ncommands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 64;
  }
  return run(args);
}

process.exitCode = main(process.argv.slice(2));
