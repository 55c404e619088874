import { proftpdDecoder } from '../services/ftp.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** ProFTPD's system log (`SystemLog`): `2021-05-28 18:08:34,399 host proftpd[498819] server (client[203.0.113.9]): USER bob (Login failed): …`. */
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d{1,6})?) (\S+) proftpd\[(\d{1,10})\]:? (.*)$/s;

export const proftpdFormat = defineServiceFormat({
  id: 'proftpd',
  title: 'ProFTPD log',
  description: 'ProFTPD\'s own system log (SystemLog): logins that failed or succeeded, unknown users, with the client address',
  decoder: proftpdDecoder,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], pid: Number(m[3]), message: m[4]!, fields: { host: { name: m[2] } } };
  },
});
