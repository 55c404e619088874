import { eximDecoder } from '../services/exim.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** Exim's main log (/var/log/exim4/mainlog, exim_mainlog): `2022-06-29 16:04:05 [+0200 ][[pid] ]message`. */
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?(?: [+-]\d{4})?)(?: \[(\d{1,10})\])? (.*)$/s;
/** Messages only Exim writes: message ids, `H=` hosts, authenticator failures, queue runs. */
const SIGNATURE = /^(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} |H=|\S+ authenticator failed for |SMTP connection from |SMTP protocol synchronization error|no host name found for IP address |(?:Start|End) queue run|exim \d)/;

export const eximFormat = defineServiceFormat({
  id: 'exim',
  title: 'Exim main log',
  description: 'Exim\'s main log (mainlog): failed SMTP AUTH, authenticated arrivals, refused recipients, senders and connections',
  decoder: eximDecoder,
  signature: SIGNATURE,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], pid: m[2] === undefined ? undefined : Number(m[2]), message: m[3]! };
  },
});
