import { vsftpdDecoder } from '../services/ftp.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** vsftpd's own log (`vsftpd_log_file`, /var/log/vsftpd.log): `Mon Jun  8 12:08:53 2020 [pid 27244] [bob] FAIL LOGIN: Client "…"`. */
const LINE = /^((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}) \[pid (\d{1,10})\] (.*)$/s;

export const vsftpdFormat = defineServiceFormat({
  id: 'vsftpd',
  title: 'vsftpd log',
  description: 'vsftpd\'s own log file (/var/log/vsftpd.log): logins, uploads, downloads and other FTP commands with the client address',
  decoder: vsftpdDecoder,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], pid: Number(m[2]), message: m[3]! };
  },
});
