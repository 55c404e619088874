import { freeswitchDecoder } from '../services/freeswitch.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/**
 * FreeSWITCH's own log (/var/log/freeswitch/freeswitch.log): `2023-03-06 15:11:14.385000 96.03% [WARNING]
 * sofia_reg.c:3223 …`, the idle CPU share since 1.10, and a call's UUID before the time on some lines; every message
 * starts with its source file, which tells these lines from other logs' `<time> [INFO] …`. The time has no zone (--tz).
 */
const LINE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} )?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?) (?:\d{1,3}\.\d\d% )?\[(CONSOLE|ALERT|CRIT|ERR|WARNING|NOTICE|INFO|DEBUG)\] ([\w.-]{1,96}\.c:\d{1,6} .*)$/s;

export const freeswitchFormat = defineServiceFormat({
  id: 'freeswitch',
  title: 'FreeSWITCH log',
  description: "FreeSWITCH's own log: SIP authentication failures and challenges, registrations of unknown users and clients refused by its access lists, with the client address, account, profile and SIP method",
  decoder: freeswitchDecoder,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], message: m[3]!, labels: { 'freeswitch.level': m[2] } };
  },
  logsources: [{ product: 'freeswitch' }, { category: 'authentication' }],
});
