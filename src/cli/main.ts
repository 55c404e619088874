import { Command, CommanderError } from 'commander';
import { VigilError, errorMessage } from '../util/errors.ts';
import type { CliCommand } from './commands/command.ts';
import { COMMANDS } from './commands/index.ts';
import { createContext, type GlobalFlags } from './context.ts';
import { createOutput, printJson } from './output.ts';
import { VERSION } from './version.ts';

export const EXIT = { ok: 0, partial: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = withGlobalOptions(
    new Command('vigil').description('Offline log analysis and incident triage for security teams.').version(VERSION, '-V, --version'),
  )
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  return program;
}

function withGlobalOptions(command: Command): Command {
  return command
    .option('--db <path>', 'SQLite store (default ./vigil.db, or $VIGIL_DB)')
    .option('--json', 'print the documented JSON shape (docs/cli.md) instead of text')
    .option('-q, --quiet', 'print only results, no progress or notes')
    .option('--no-color', 'never colour the output')
    .option('--actor <name>', 'who is acting, for the audit log (default cli:<os user>)')
    .option('--config <file>', 'configuration file (default ./vigil.config.yml when present, or $VIGIL_CONFIG)');
}

/** Runs the CLI and returns the process exit code (documented in docs/cli.md). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  let exitCode = 0;
  for (const command of await commandsFor(argv)) {
    const sub = command.define(new Command(command.name)).exitOverride().configureHelp({ showGlobalOptions: true });
    sub.action(async () => {
      const flags = program.opts<GlobalFlags>();
      exitCode = await command.run(createContext(flags), sub.processedArgs, sub.opts());
    });
    program.addCommand(sub);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // A usage error can stop parsing before --json was read: look at the raw arguments too.
    const flags = { ...program.opts<GlobalFlags>(), json: program.opts<GlobalFlags>().json === true || argv.includes('--json') };
    return handleError(error, flags);
  }
}

/**
 * The verbs to declare: only the one that will run when the arguments name one (each verb's modules are
 * loaded with it: all of them together cost ~45 MB of memory and ~0.4 s before any work starts), every verb
 * otherwise (`vigil --help`, `--version`, an unknown verb, a usage error). The arguments are split as
 * commander splits them to dispatch (the first operand once the global options are taken out), by a silent
 * copy of the program that only knows the global options.
 */
export async function commandsFor(argv: readonly string[]): Promise<CliCommand[]> {
  const scanner = withGlobalOptions(new Command('vigil')).exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  let first: string | undefined;
  try {
    first = scanner.parseOptions([...argv]).operands[0];
  } catch {
    first = undefined;
  }
  const named = COMMANDS.find((command) => command.name === first);
  return Promise.all((named === undefined ? COMMANDS : [named]).map((command) => command.load()));
}

function handleError(error: unknown, flags: GlobalFlags): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // commander has already explained the problem on stderr.
    if (flags.json === true) printJson(createOutput(flags), { error: { code: 'E_USAGE', message: error.message.replace(/^error: /, '') } });
    return EXIT.usage;
  }
  const output = createOutput(flags);
  const code = error instanceof VigilError ? error.code : 'E_INTERNAL';
  const message = errorMessage(error);
  if (output.json) printJson(output, { error: { code, message } });
  output.err.write(`vigil: ${message}\n`);
  if (!(error instanceof VigilError) && error instanceof Error && error.stack !== undefined && process.env.VIGIL_DEBUG !== undefined) {
    output.err.write(`${error.stack}\n`);
  }
  return error instanceof VigilError ? error.exitCode : 70;
}
