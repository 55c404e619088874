import { defineServiceFormat, timeThenMessage } from '../services/define-format.ts';
import { sshesameDecoder } from '../services/sshesame.ts';

/** sshesame's log (Go's default logger): `2022/05/06 04:53:57 [203.0.113.9:58629] authentication for user …`. */
const LINE = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?) (\[.*)$/s;

export const sshesameFormat = defineServiceFormat({
  id: 'sshesame',
  title: 'sshesame honeypot log',
  description: "sshesame's log: the SSH honeypot's connections with the client version, logins with the user and password tried, commands, typed input and TCP forwarding requests",
  decoder: sshesameDecoder,
  split: timeThenMessage(LINE),
  signature: /^\[(?:\[[\w:.%]{2,64}\]:\d{1,5}|[^\]\s]{2,64})\] (?:\[channel \d{1,10}\] )?(?:connection with client version|authentication for user|direct TCP\/IP forwarding|command ")/,
  logsources: [{ product: 'sshesame' }, { category: 'authentication' }],
});
