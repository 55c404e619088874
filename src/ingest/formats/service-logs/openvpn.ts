import { openvpnDecoder } from '../services/remote-access.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** OpenVPN's log file (`--log`, `--log-append`): an ISO or ctime stamp, then `[name/]address:port message` for a client. */
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}) (.*)$/s;
const SIGNATURE = /(?:^OpenVPN \d|Initialization Sequence Completed|Peer Connection Initiated|\[AF_INET6?\]|MULTI(?:_sva)?: |TLS (?:Auth )?Error: |Control Channel: |Data Channel: |TUN\/TAP device|Auth Username\/Password)/;

export const openvpnFormat = defineServiceFormat({
  id: 'openvpn',
  title: 'OpenVPN log',
  description: 'OpenVPN server log file: username/password and certificate verification failures, successful logins, TLS errors, with the client address',
  decoder: openvpnDecoder,
  signature: SIGNATURE,
  split: (line) => {
    const m = LINE.exec(line);
    return m === null ? undefined : { time: m[1], message: m[2]! };
  },
});
