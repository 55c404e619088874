import { cowrieDecoder } from '../services/cowrie.ts';
import { defineServiceFormat, timeThenMessage } from '../services/define-format.ts';

/** Cowrie's text log (var/log/cowrie/cowrie.log): `2026-11-23T08:00:00.123456Z [HoneyPotSSHTransport,0,203.0.113.9] …`. */
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (\[.*)$/s;

export const cowrieFormat = defineServiceFormat({
  id: 'cowrie',
  title: 'Cowrie honeypot log',
  description: "Cowrie's text log (cowrie.log): connections to the SSH and Telnet honeypot with both ends, login attempts with the user and password tried, commands typed, files fetched, client versions",
  decoder: cowrieDecoder,
  split: timeThenMessage(LINE),
  signature: /^\[(?:cowrie\.|HoneyPot|CowrieTelnet|CowrieSSH)/,
  logsources: [{ product: 'cowrie' }, { category: 'authentication' }],
});
