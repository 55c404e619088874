import { decodePam, pamLine } from '../pam.ts';
import { runRules } from '../rules.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { mergeFields } from '../util.ts';
import { AUTH_RULES } from './sshd-auth.ts';
import { CONNECTION_RULES } from './sshd-connection.ts';

/** OpenSSH server: `sshd`, and `sshd-session` / `sshd-auth` since OpenSSH 9.8. */

const LEVEL = /^(error|fatal): /;
const PREAUTH = ' [preauth]';
const RULES = [...AUTH_RULES, ...CONNECTION_RULES];

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const pam = pamLine(message, header);
  if (pam !== undefined) return { fields: decodePam(pam, 'login') };
  let text = message;
  const level = LEVEL.exec(text);
  if (level !== null) text = text.slice(level[0].length);
  const preauth = text.endsWith(PREAUTH);
  if (preauth) text = text.slice(0, -PREAUTH.length).trimEnd();
  const fields = runRules(RULES, text);
  if (fields === undefined) return undefined;
  const labels: Record<string, string> = {};
  if (preauth) labels['ssh.preauth'] = 'true';
  if (level?.[1] !== undefined) labels['log.level'] = level[1];
  return { fields: mergeFields(fields, { labels }) };
}

export const sshdDecoder: ProgramDecoder = {
  programs: ['sshd', 'sshd-session', 'sshd-auth'],
  dataset: () => 'sshd',
  decode,
};
