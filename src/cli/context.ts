import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import { withStoredSettings } from '../config/settings.ts';
import type { VigilConfig } from '../schema/config.ts';
import { openStore, type Store, type StoreUpgrade } from '../store/index.ts';
import { storedSettingsAt } from '../store/settings.ts';
import { createOutput, terminalSafe, type Output } from './output.ts';

/** Options every verb understands (declared on the root program). */
export interface GlobalFlags {
  db?: string;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  actor?: string;
  config?: string;
}

export interface CliContext {
  output: Output;
  dbPath: string;
  actor: string;
  openStore(options?: { readonly?: boolean }): Store;
  /**
   * The configuration file's content (read on first use; `{}` when there is none), with the settings saved in
   * the store from the API over it (src/config/settings.ts), as `vigil serve` uses them.
   */
  config(): VigilConfig;
  /** The configuration file's content alone (`vigil serve` applies the saved settings itself, and follows their changes). */
  fileConfig(): VigilConfig;
}

export function defaultActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export function createContext(flags: GlobalFlags): CliContext {
  const dbPath = resolve(flags.db ?? process.env.VIGIL_DB ?? 'vigil.db');
  let file: VigilConfig | undefined;
  let config: VigilConfig | undefined;
  const fileConfig = () => (file ??= loadConfig(flags.config).config);
  const output = createOutput(flags);
  return {
    output,
    dbPath,
    actor: flags.actor ?? process.env.VIGIL_ACTOR ?? defaultActor(),
    openStore: (options) => openStore(dbPath, { ...options, onUpgrade: (upgrade) => tellUpgrade(output, dbPath, upgrade) }),
    config: () => (config ??= withStoredSettings(fileConfig(), storedSettingsAt(dbPath))),
    fileConfig,
  };
}

/** On stderr, also with --json (stdout stays the command's JSON): a migration of a large store can take minutes. */
function tellUpgrade(output: Output, dbPath: string, upgrade: StoreUpgrade): void {
  if (output.quiet) return;
  output.err.write(`vigil: upgrading the store ${terminalSafe(dbPath)} (${upgrade.events} events) from schema version ${upgrade.from} to ${upgrade.to}`
    + ` (${upgrade.migrations.join('; ')}); on a large store this can take minutes. Stopping it is safe: the migration it was in starts over at the next open\n`);
}
