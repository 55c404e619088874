import { sambaDecoder } from '../services/remote-access.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/**
 * Samba's authentication audit lines (`log level = 1 auth_audit:3`, in log.smbd or a container's output): `Auth:
 * [SMB2,(null)] user [DOMAIN]\[bob] at [Thu, 14 Oct 2021 15:24:12.023984 UTC] with [NTLMv2] status [NT_STATUS_…]
 * … remote host [ipv4:203.0.113.9:51234] …`; the time is the one in `at [ … ]`.
 */
const AUTH = /^\s*(Auth: .*? at \[[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d:\d\d:\d\d)(?:\.(\d{1,9}))? (UTC|GMT)?[^\]]*\].*)$/s;
/** log.smbd's header before each message: `[2021/10/14 15:24:12.023984,  2] ../../auth/auth_log.c:610(function)`. */
const HEADER = /^\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?, {1,2}\d{1,2}[^\]]*\] \S/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isoTime(day: string, month: string, year: string, clock: string, fraction: string | undefined, zone: string | undefined): string | undefined {
  const index = MONTHS.indexOf(month);
  if (index < 0) return undefined;
  const frac = fraction === undefined ? '' : `.${fraction}`;
  return `${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}T${clock}${frac}${zone === undefined ? '' : 'Z'}`;
}

export const sambaFormat = defineServiceFormat({
  id: 'samba',
  title: 'Samba authentication audit',
  description: 'Samba\'s authentication audit lines (auth_audit), bare or in log.smbd: SMB/NTLM logons that failed or succeeded, with the NT status, user, domain, workstation and client address',
  decoder: sambaDecoder,
  meta: HEADER,
  split: (line) => {
    const m = AUTH.exec(line);
    if (m === null) return undefined;
    const [, message, day, month, year, clock, fraction, zone] = m;
    return { time: isoTime(day!, month!, year!, clock!, fraction, zone), message: message!.trimEnd() };
  },
  logsources: [{ product: 'linux', service: 'samba' }, { category: 'authentication' }],
});
