import type { EventFields } from '../../../../schema/event.ts';
import { decodePam, pamLine } from '../pam.ts';
import type { Rule } from '../rules.ts';
import { runRules } from '../rules.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { labelsOf, userName } from '../util.ts';

/**
 * su (shadow, util-linux and BSD flavours): the caller becomes the target user. shadow's su logs one switch
 * twice (`Successful su for root by alice` and `+ pts/0 alice:root`): the second carries no action, so
 * the switch counts once.
 */

function su(ok: boolean, caller: string | undefined, target: string | undefined, tty?: string, echo = false): EventFields {
  return {
    event: {
      category: ['authentication'], type: ['start'], action: echo ? undefined : 'su-login', outcome: ok ? 'success' : 'failure',
    },
    user: { name: userName(caller), target: { name: userName(target) }, effective: ok ? { name: userName(target) } : undefined },
    labels: labelsOf({ 'su.tty': tty }),
  };
}

const RULES: readonly Rule[] = [
  // shadow: `Successful su for root by alice` / `FAILED su for root by alice`
  { prefix: '', re: /^(Successful|FAILED) su for (\S+) by (\S+)$/, build: ([, s, target, caller]) => su(s === 'Successful', caller, target) },
  // shadow: `+ pts/0 alice:root` / `- pts/0 alice:root`
  { prefix: '', re: /^([+-]) (\S+) ([^\s:]+):(\S+)$/, build: ([, s, tty, caller, target]) => su(s === '+', caller, target, tty, true) },
  // util-linux: `(to root) alice on pts/0` / `FAILED SU (to root) alice on pts/0`
  { prefix: '(to ', re: /^\(to (\S+)\) (\S+) on (\S+)$/, build: ([, target, caller, tty]) => su(true, caller, target, tty) },
  { prefix: 'FAILED SU ', re: /^FAILED SU \(to (\S+)\) (\S+) on (\S+)$/, build: ([, target, caller, tty]) => su(false, caller, target, tty) },
  // BSD / RFC 3164 example: `'su root' failed for lonvick on /dev/pts/8`
  { prefix: "'su ", re: /^'su (\S+)' failed for (\S+) on (\S+)$/, build: ([, target, caller, tty]) => su(false, caller, target, tty) },
];

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const pam = pamLine(message, header);
  if (pam !== undefined) return { fields: decodePam(pam, 'switch') };
  const fields = runRules(RULES, message);
  return fields === undefined ? undefined : { fields };
}

export const suDecoder: ProgramDecoder = {
  programs: ['su'],
  dataset: () => 'su',
  decode,
};
