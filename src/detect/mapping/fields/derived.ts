import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter } from '../../types.ts';
import { isAuditdEvent, isSyslogFormat } from '../event-kind.ts';
import { first, path } from '../read.ts';

/**
 * Values Sigma expects that our schema holds in another shape: computed per call, only for the events
 * that need them (each returns early with a plain read when the shape already fits).
 */

/**
 * Records of a command run on someone's behalf: sudo's `COMMAND=` (syslog, and auditd's USER_CMD) names the
 * program it executes; cron runs its `CMD (…)` through `/bin/sh -c` (its default shell).
 */
type Runner = 'sudo' | 'cron' | undefined;

function runnerOf(event: VigilEvent): Runner {
  if (isAuditdEvent(event)) return event.event.action === 'user-cmd' ? 'sudo' : undefined;
  if (!isSyslogFormat(event.vigil.format)) return undefined;
  const dataset = event.event.dataset;
  if (dataset === 'sudo') return 'sudo';
  return dataset === 'cron' && event.event.action === 'cron-command' ? 'cron' : undefined;
}

/** The program a command line starts: its first word, unquoted. */
export function firstWord(commandLine: string | undefined): string | undefined {
  if (commandLine === undefined) return undefined;
  const text = commandLine.trimStart();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    return end > 1 ? text.slice(1, end) : undefined;
  }
  const space = text.indexOf(' ');
  const word = space < 0 ? text : text.slice(0, space);
  return word === '' ? undefined : word;
}

/**
 * The program's path: `process.executable`, else the command line's first word when it is the path of
 * the named program (EDR exports that give a name and a command line, not the path), else the name.
 */
function executable(event: VigilEvent): string | undefined {
  const process = event.process;
  if (process === undefined) return undefined;
  if (process.executable !== undefined) return process.executable;
  const name = process.name;
  const word = firstWord(process.command_line);
  if (name !== undefined && word !== undefined && word.length > name.length && word.toLowerCase().endsWith(name.toLowerCase())) {
    const separator = word[word.length - name.length - 1];
    if (separator === '\\' || separator === '/') return word;
  }
  return name;
}
const parentExecutable = first(path('process.parent.executable'), path('process.parent.name'));

const CRON_SHELL = '/bin/sh';

/** The started program: for sudo the first word of its command, for cron the shell running the command. */
export const processImage: FieldGetter = (event) => {
  const runner = runnerOf(event);
  if (runner === undefined) return executable(event);
  return runner === 'sudo' ? firstWord(event.process?.command_line) : CRON_SHELL;
};

/** The parent: for sudo and cron records the program that logged (it started the command). */
export const parentImage: FieldGetter = (event) => (runnerOf(event) === undefined ? parentExecutable(event) : executable(event));

/** `DOMAIN\name` as Windows writes accounts, from our split user fields. */
export function account(name: string | undefined, domain: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return domain === undefined ? name : `${domain}\\${name}`;
}

export const userAccount: FieldGetter = (event) => account(event.user?.name, event.user?.domain);

/** The account a process runs as: the effective user when it differs (sudo, setuid), else the user. */
export const runAsUser: FieldGetter = first(path('user.effective.name'), path('user.name'));

const HASH_NAMES: ReadonlyArray<[string, 'md5' | 'sha1' | 'sha256' | 'imphash']> = [
  ['SHA1', 'sha1'],
  ['MD5', 'md5'],
  ['SHA256', 'sha256'],
  ['IMPHASH', 'imphash'],
];

/** Sysmon's `Hashes` text (`SHA1=…,MD5=…`) rebuilt from our hash fields, upper-case like Sysmon writes it. */
export const hashesText: FieldGetter = (event) => {
  const hash = event.process?.hash;
  if (hash === undefined) return undefined;
  const parts: string[] = [];
  for (const [label, key] of HASH_NAMES) {
    const digest = hash[key];
    if (digest !== undefined) parts.push(`${label}=${digest.toUpperCase()}`);
  }
  return parts.length === 0 ? undefined : parts.join(',');
};

/** One digest out of a Sysmon `Hashes` text (`MD5` → the value after `MD5=`), as written. */
export function hashFrom(text: string | undefined, algorithm: string): string | undefined {
  if (text === undefined) return undefined;
  const key = `${algorithm}=`;
  let at = text.indexOf(key);
  while (at > 0 && text[at - 1] !== ',' && text[at - 1] !== ' ') at = text.indexOf(key, at + 1);
  if (at < 0) return undefined;
  const start = at + key.length;
  const end = text.indexOf(',', start);
  return text.slice(start, end < 0 ? text.length : end);
}
