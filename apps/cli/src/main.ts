#!/usr/bin/env node
import { runEvaluate } from './evaluate.command';

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  evaluate: runEvaluate,
  // loaded on use: evaluate stays free of the database stack
  'create-user': async (args) => (await import('./create-user.command')).runCreateUser(args),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`usage: formasi <command>\ncommands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 64;
  }
  return run(args);
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
