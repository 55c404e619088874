import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

/** One CLI verb: how it is declared, and what it does (returns the exit code). */
export interface CliCommand {
  name: string;
  define(command: Command): Command;
  run(ctx: CliContext, args: unknown[], options: Record<string, unknown>): Promise<number>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}
