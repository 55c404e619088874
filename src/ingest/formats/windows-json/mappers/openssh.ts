import { sshdDecoder } from '../../syslog/programs/sshd.ts';
import { field } from './helpers.ts';
import type { Mapper } from './types.ts';

/**
 * OpenSSH for Windows (`OpenSSH/Operational`): sshd writes the lines it writes to syslog elsewhere as an event's
 * `payload` (`Failed password for invalid user admin from 203.0.113.5 port 50000 ssh2`), with `process` naming the
 * program. The payload is read by the sshd decoder, so a Windows SSH server's logins are SSH logins as Linux's
 * are; the dataset stays the channel's, for SigmaHQ's `service: openssh` rules.
 */
export const openSshPayload: Mapper = (data) => {
  const payload = field(data, 'payload');
  const program = field(data, 'process') ?? '';
  if (payload === undefined || !/^sshd/i.test(program)) return {};
  return sshdDecoder.decode({ message: payload, program: 'sshd', header: { program, message: payload, labels: {} } })?.fields ?? {};
};
