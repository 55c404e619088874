import { asteriskDecoder } from '../services/asterisk.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/**
 * Asterisk's own log files (/var/log/asterisk/full, messages, security): `[Dec 21 12:57:01] SECURITY[77]: …` or,
 * with `dateformat` set to ISO, `[2026-11-23 08:00:01.123] NOTICE[12][C-0000001a] chan_sip.c: …`. The bracketed
 * time has no year and no zone; a security event's own `EventTV` has both and is read instead.
 */
const LINE = /^\[([A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?)\] ((?:VERBOSE|NOTICE|WARNING|ERROR|SECURITY|DEBUG|DTMF)\[\d{1,10}\].*)$/s;
const EVENT_TIME = /,EventTV="(\d{4}-\d\d-\d\dT[^"]{8,32})"/;

export const asteriskFormat = defineServiceFormat({
  id: 'asterisk',
  title: 'Asterisk log',
  description: "Asterisk's own log files (full, messages, security): security events (failed and successful SIP, IAX2 and manager logins, ACL refusals) and the registration, call and authentication notices fail2ban reads, with the client address, account and transport",
  decoder: asteriskDecoder,
  split: (line) => {
    const m = LINE.exec(line);
    if (m === null) return undefined;
    const message = m[2]!;
    return { time: EVENT_TIME.exec(message)?.[1] ?? m[1], message };
  },
  logsources: [{ product: 'asterisk' }, { category: 'authentication' }],
});
