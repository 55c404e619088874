import { freeradiusDecoder } from '../services/radius.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** FreeRADIUS's own log (/var/log/freeradius/radius.log): `Tue Nov 23 10:00:00 2024 : Auth: (5) Login OK: [bob] (from client …)`. */
const LINE = /^((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}) : ([A-Za-z]{2,10}): (.*)$/s;

export const freeradiusFormat = defineServiceFormat({
  id: 'freeradius',
  title: 'FreeRADIUS log',
  description: "FreeRADIUS's own log file (radius.log): VPN and Wi-Fi logins accepted and rejected, with the user, the RADIUS client and the calling station",
  decoder: freeradiusDecoder,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], message: m[3]!, labels: { 'log.level': m[2]!.toLowerCase() } };
  },
});
