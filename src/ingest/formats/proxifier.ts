import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipOrDomain, port } from '../values.ts';
import { labelsOf } from './syslog/util.ts';

/**
 * Proxifier's connection log (Windows and macOS): `[10.30 16:49:06] chrome.exe *64 - www.google.com:443 open through
 * proxy proxy.example.com:5070 HTTPS`. Each line names the application (`*64` marks a 64-bit process), the target it
 * asked for and what became of the connection: opened through a proxy or directly, closed (bytes sent and received,
 * lifetime), refused by a rule, or failed with Proxifier's error. The time has neither year nor zone (--year, --tz).
 */

const STAMP = /^\[(\d\d)\.(\d\d) (\d\d:\d\d:\d\d)\] (.*)$/s;
/** `<application>[ *64][ (pid)] - <target host>:<port> <what happened>`; the application may hold spaces (macOS). */
const CONNECTION = /^(.{1,260}?)( \*64)?(?: \((\d{1,10})\))? - (\[[0-9A-Fa-f:.]{2,45}\]|[^\s:[\]]{1,253}):(\d{1,5}) (.*)$/s;
const OPENED = /^open through proxy (\S{1,300}) (\S{1,20})$/;
const CLOSED = /^close, (\d{1,20}) bytes(?: \([^)]{0,20}\))? sent, (\d{1,20}) bytes(?: \([^)]{0,20}\))? received, lifetime (.{1,20})$/;
const RULE = /^matching (.{1,200}?) rule : {1,2}(.{1,300})$/;
const ERROR = /^error : ?(.*)$/s;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `MM.DD hh:mm:ss` as the year-less syslog layout the time resolver completes (`Oct 30 16:49:06`). */
function timeOf(month: string, day: string, clock: string): string | undefined {
  const name = MONTH_NAMES[Number(month) - 1];
  return name === undefined ? undefined : `${name} ${day} ${clock}`;
}

/** What Proxifier did with the connection, from the words after the target. */
function outcomeFields(text: string): EventFields {
  const opened = OPENED.exec(text);
  if (opened !== null) {
    return {
      event: { category: ['network'], type: ['connection', 'start'], action: 'proxy-connection-opened', outcome: 'success' },
      labels: { 'proxifier.proxy': opened[1]!, 'proxifier.proxy_type': opened[2]! },
    };
  }
  const closed = CLOSED.exec(text);
  if (closed !== null) {
    const sent = int(closed[1]);
    const received = int(closed[2]);
    return {
      event: { category: ['network'], type: ['connection', 'end'], action: 'proxy-connection-closed' },
      source: { bytes: sent },
      destination: { bytes: received },
      network: { bytes: sent === undefined || received === undefined ? undefined : sent + received },
      labels: { 'proxifier.lifetime': closed[3]! },
    };
  }
  const error = ERROR.exec(text);
  if (error !== null) {
    return {
      event: { category: ['network'], type: ['connection', 'error'], action: 'proxy-connection-failed', outcome: 'failure', reason: error[1]!.trim() || undefined },
    };
  }
  const rule = RULE.exec(text);
  if (rule !== null) {
    const blocked = /^block/i.test(rule[2]!);
    return {
      event: { category: ['network'], type: blocked ? ['connection', 'denied'] : ['connection'], action: blocked ? 'proxy-connection-blocked' : 'proxy-rule-matched', outcome: blocked ? 'failure' : undefined },
      rule: { name: rule[1]! },
      labels: { 'proxifier.rule_action': rule[2]!.trim() },
    };
  }
  return { event: { category: ['network'], type: ['connection'] } };
}

export function parseProxifierLine(line: string): ParseOutcome {
  const stamp = STAMP.exec(line);
  if (stamp === null) return reject('not a Proxifier log line ([MM.DD hh:mm:ss] …)');
  const [, month, day, clock, message] = stamp;
  const time = timeOf(month!, day!, clock!);
  if (time === undefined) return reject(`not a month: ${month!}`);
  if (message === '') return reject('no message after the time');
  const connection = CONNECTION.exec(message!);
  if (connection === null) return events({ time, dataset: 'proxifier', fields: { message } });
  const [, application, bits, pid, host, targetPort, what] = connection;
  const target = ipOrDomain(host!.startsWith('[') ? host!.slice(1, -1) : host);
  const fields = outcomeFields(what!);
  fields.message = message;
  fields.process = { name: application, pid: int(pid) };
  fields.destination = { ...fields.destination, ...target, port: port(targetPort) };
  fields.labels = labelsOf({ ...fields.labels, 'process.bits': bits === undefined ? undefined : '64' });
  return events({ time, dataset: 'proxifier', fields: compact(fields) });
}

export const proxifierFormat = defineFormat({
  id: 'proxifier',
  title: 'Proxifier connection log',
  description: "Proxifier's connection log: each application's connections (target host and port), the proxy they went through, bytes sent and received, rule matches and connection errors",
  framing: 'lines',
  sniff: sniffLines((line) => STAMP.test(line) && CONNECTION.test(line.slice(17))),
  createParser: stateless((record) => parseProxifierLine(record.text)),
  logsources: [{ product: 'proxifier' }],
});
