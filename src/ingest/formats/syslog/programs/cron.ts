import { decodePam, pamLine } from '../pam.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { labelsOf, userName } from '../util.ts';

/** cron / CRON / crond: `(root) CMD (command)` and the other `(user) VERB (detail)` lines. */

const LINE = /^\(([^()\s]*)\) (\S+) \((.*)\)$/s;
/** Pseudo-users cron logs its own notices under. */
const DAEMON = new Set(['CRON', '*system*']);

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const pam = pamLine(message, header);
  if (pam !== undefined) return { fields: decodePam(pam, 'login') };
  const m = LINE.exec(message);
  if (m === null) return undefined;
  const [, user, verb, detail] = m;
  const name = user === undefined || DAEMON.has(user) ? undefined : userName(user);
  if (verb === 'CMD') {
    return {
      fields: {
        event: { category: ['process'], type: ['start'], action: 'cron-command', outcome: 'success' },
        user: { name },
        process: { command_line: detail?.trim() },
      },
    };
  }
  return { fields: { user: { name }, labels: labelsOf({ 'cron.operation': verb, 'cron.detail': detail }) } };
}

export const cronDecoder: ProgramDecoder = {
  programs: ['cron', 'crond'],
  dataset: () => 'cron',
  decode,
};
