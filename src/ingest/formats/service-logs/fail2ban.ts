import { defineServiceFormat, timeThenMessage } from '../services/define-format.ts';
import { fail2banDecoder } from '../services/fail2ban.ts';

/** fail2ban's own log (/var/log/fail2ban.log): `2026-11-23 10:00:01,234 fail2ban.actions [7931]: NOTICE [sshd] Ban 192.0.2.1`. */
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:[,.]\d{1,6})?) (fail2ban\..*)$/s;

export const fail2banFormat = defineServiceFormat({
  id: 'fail2ban',
  title: 'fail2ban log',
  description: "fail2ban's log (fail2ban.log): the failures each jail's filter found, and the addresses it banned, unbanned or found already banned, with the jail",
  decoder: fail2banDecoder,
  split: timeThenMessage(LINE),
  logsources: [{ product: 'fail2ban' }],
});
