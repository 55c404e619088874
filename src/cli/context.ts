import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { openStore, type Store } from '../store/index.ts';
import { createOutput, type Output } from './output.ts';

/** Options every verb understands (declared on the root program). */
export interface GlobalFlags {
  db?: string;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  actor?: string;
}

export interface CliContext {
  output: Output;
  dbPath: string;
  actor: string;
  openStore(options?: { readonly?: boolean }): Store;
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
  return {
    output: createOutput(flags),
    dbPath,
    actor: flags.actor ?? process.env.VIGIL_ACTOR ?? defaultActor(),
    openStore: (options) => openStore(dbPath, options),
  };
}
