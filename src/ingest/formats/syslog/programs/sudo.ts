import type { EventFields } from '../../../../schema/event.ts';
import { decodePam, pamLine } from '../pam.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { labelsOf, userName } from '../util.ts';

/**
 * sudo: `alice : [reason ; ]TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash`.
 * The format is ambiguous (PWD and COMMAND are user-controlled and may contain ` ; `): the first
 * `COMMAND=` wins and everything after it is the command line.
 */

const LINE = /^(\S+) : (.*)$/s;
const INCORRECT = /^(\d{1,6}) incorrect password attempts?$/;
const COMMAND = 'COMMAND=';

function split(rest: string): { segments: string[]; command?: string } {
  let at = rest.indexOf(` ; ${COMMAND}`);
  let skip = 3 + COMMAND.length;
  if (at < 0 && rest.startsWith(COMMAND)) {
    at = 0;
    skip = COMMAND.length;
  }
  const head = at < 0 ? rest : rest.slice(0, at);
  const segments = head.split(' ; ').map((s) => s.trim()).filter((s) => s !== '');
  return { segments, command: at < 0 ? undefined : rest.slice(at + skip) };
}

function outcome(reason: string | undefined): EventFields['event'] {
  if (reason === undefined) return { category: ['process'], type: ['start'], action: 'sudo-command', outcome: 'success' };
  const incorrect = INCORRECT.exec(reason);
  if (incorrect !== null) {
    return {
      category: ['authentication'], type: ['start'], action: 'sudo-auth-failure', outcome: 'failure', reason,
      count: Number(incorrect[1]) || undefined,
    };
  }
  return { category: ['process'], type: ['denied'], action: 'sudo-command', outcome: 'failure', reason };
}

function command(message: string): EventFields | undefined {
  const m = LINE.exec(message);
  if (m === null) return undefined;
  const { segments, command: commandLine } = split(m[2] ?? '');
  const kv: Record<string, string> = {};
  const reasons: string[] = [];
  for (const segment of segments) {
    const eq = segment.indexOf('=');
    const key = eq > 0 ? segment.slice(0, eq) : '';
    if (/^[A-Z]+$/.test(key)) kv[key] = segment.slice(eq + 1);
    else reasons.push(segment);
  }
  if (commandLine === undefined && kv.USER === undefined) return undefined;
  const target = userName(kv.USER);
  return {
    event: outcome(reasons.length > 0 ? reasons.join(' ; ') : undefined),
    user: { name: userName(m[1]), effective: { name: target }, target: { name: target } },
    process: { command_line: commandLine, working_directory: kv.PWD },
    labels: labelsOf({ 'sudo.tty': kv.TTY, 'sudo.group': kv.GROUP, 'sudo.tsid': kv.TSID, 'sudo.env': kv.ENV }),
  };
}

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const pam = pamLine(message, header);
  // auth checks the invoking user's own password; a session is opened for the target by the caller.
  if (pam !== undefined) return { fields: decodePam(pam, pam.group === 'session' ? 'switch' : 'login') };
  const fields = command(message);
  return fields === undefined ? undefined : { fields };
}

export const sudoDecoder: ProgramDecoder = {
  programs: ['sudo'],
  dataset: () => 'sudo',
  decode,
};
