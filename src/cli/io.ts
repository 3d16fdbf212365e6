/** Output, errors and shared options of the CLI. */
import { InvalidArgumentError, type Command } from 'commander';
import { openNode, type NodeContext } from '../app/node-context.js';
import { loadConfig } from '../config.js';
import { DomainError } from '../domain/index.js';
import { RecordError } from '../record/index.js';
import { ScenarioError } from '../scenario/index.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Thrown to end a command with a given exit code after it printed its own message. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A one-line (or, for scenario files, one-line-per-problem) explanation of an error. */
export function describeError(error: unknown): string {
  if (error instanceof ScenarioError) return `invalid scenario:\n${error.problems.map((p) => `  ${p}`).join('\n')}`;
  if (error instanceof DomainError) return `${error.message} [${error.code}]`;
  if (error instanceof RecordError) return `${error.message} [${error.code}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Adds `--data DIR` (default $PARLEY_DATA, else ./parley-data). */
export function withDataOption(command: Command): Command {
  return command.option('--data <dir>', 'data directory (default: $PARLEY_DATA, else ./parley-data)');
}

export function dataDir(options: { data?: string }): string {
  const config = loadConfig(options.data ? { ...process.env, PARLEY_DATA: options.data } : process.env);
  return config.dataDir;
}

/** Parses a non-negative integer option, naming the option in the error. */
export function integerOption(name: string, min = 0) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
      throw new InvalidArgumentError(`must be an integer ≥ ${min}, got "${value}"`);
    }
    return Number(value);
  };
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

/** Opens the node of the data directory for one command and closes it afterwards. */
export async function withNode<T>(options: { data?: string }, work: (ctx: NodeContext) => Promise<T>): Promise<T> {
  const ctx = await openNode(dataDir(options));
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
