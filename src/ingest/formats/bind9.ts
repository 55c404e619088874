import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type Draft, type ParseOutcome } from '../format.ts';
import { compact, ip, port } from '../values.ts';
import { labelsOf } from './web/http.ts';

/**
 * ISC BIND's (named's) messages about clients: its query log (`client @0x7f… 192.0.2.10#51234 (www.example.com):
 * query: www.example.com IN A +E(0) (192.0.2.53)`) and refusals (`query (cache) 'example.com/ANY/IN' denied`,
 * `zone transfer 'example.com/AXFR/IN' denied`, `update 'example.com/IN' denied`), in a log file of named's own
 * (`19-Oct-2022 05:34:02.425 [category: ][severity: ]client …`, a time without zone: --tz) or sent to syslog
 * (the syslog format decodes the `named` program with bindDraft).
 */

const STAMP = /^(\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) /;
/** `[category: ][severity: ]`, as named writes them with print-category and print-severity. */
const PREFIX = /^(?:([a-z][a-z0-9_-]*): )?(?:(critical|error|warning|notice|info|debug(?: \d+)?|dynamic): )?/;
/**
 * `client [@0x…] address#port[/key name] [(query name)]: [view name: ]message`; the address is IPv4 or IPv6, the
 * `@0x…` pointer is there since 9.11, the TSIG key of a signed request after the port.
 */
const CLIENT = /^client (?:@0x[0-9a-f]+ )?([0-9A-Fa-f.:]+)#(\d{1,5})(?:\/key ([^\s:]+))?(?: \([^)\s]*\))?: (?:view ([^\s:]+): )?(.*)$/;
const QUERY = /^query: (\S+) ([A-Z0-9]+) ([A-Z0-9]+) ([-+A-Z()0-9]*)(?: \(([0-9A-Fa-f.:]+)\))?$/;
/** A refusal, with the ACL that refused it when named says (`denied (allow-query-cache did not match)`). */
const REFUSED = /^(query(?: \(cache\))?|zone transfer|update|notify|recursion) '([^']*)' denied(?: \(([^)]*)\))?$/;
const BAD_TRANSFER = /^bad zone transfer request: '([^']*)': (.*)$/;

/** `name/TYPE/CLASS` (queries and transfers) or `zone/CLASS` (updates and notifies). */
function question(text: string): { name: string; type?: string; zoneClass?: string } {
  const parts = text.split('/');
  if (parts.length >= 3) return { name: parts.slice(0, -2).join('/'), type: parts.at(-2), zoneClass: parts.at(-1) };
  return parts.length === 2 ? { name: parts[0]!, zoneClass: parts[1] } : { name: text };
}

const REFUSED_ACTION: Readonly<Record<string, string>> = {
  query: 'dns-query', 'query (cache)': 'dns-query', 'zone transfer': 'dns-zone-transfer', update: 'dns-update', notify: 'dns-notify', recursion: 'dns-query',
};

/** What named says of one client, as fields, or undefined when the message is not about a client. */
function clientFields(message: string): { fields: EventFields; dataset: string } | undefined {
  const prefix = PREFIX.exec(message);
  const rest = message.slice(prefix?.[0].length ?? 0);
  const client = CLIENT.exec(rest);
  if (client === null) return undefined;
  const address = ip(client[1]);
  if (address === undefined) return undefined;
  const [, , clientPort, key, view, text] = client;
  const base = { source: { ip: address, port: port(clientPort) }, labels: { 'bind.category': prefix?.[1], 'bind.severity': prefix?.[2], 'bind.view': view, 'bind.tsig_key': key } };
  const query = QUERY.exec(text!);
  if (query !== null) {
    const [, name, zoneClass, type, flags, server] = query;
    return {
      dataset: 'bind9.query',
      fields: {
        event: { category: ['network'], type: ['protocol'], action: 'dns-query' },
        source: base.source,
        destination: { ip: ip(server) },
        dns: { question: { name: name!.toLowerCase(), type } },
        labels: labelsOf({ ...base.labels, 'dns.question.class': zoneClass, 'bind.flags': flags }),
      },
    };
  }
  const refused = REFUSED.exec(text!);
  const badTransfer = refused === null ? BAD_TRANSFER.exec(text!) : null;
  if (refused !== null || badTransfer !== null) {
    const [what, subject, why] = refused === null ? ['zone transfer', badTransfer![1], badTransfer![2]] : [refused[1]!, refused[2], refused[3]];
    const q = question(subject!);
    return {
      dataset: 'bind9',
      fields: {
        message: text,
        event: { category: ['network'], type: ['denied'], action: REFUSED_ACTION[what], outcome: 'failure', reason: why === undefined ? `${what} denied` : `${what} denied: ${why}` },
        source: base.source,
        dns: { question: { name: q.name.toLowerCase(), type: q.type } },
        labels: labelsOf({ ...base.labels, 'dns.question.class': q.zoneClass }),
      },
    };
  }
  return { dataset: 'bind9', fields: { message: text, event: { category: ['network'], type: ['info'] }, source: base.source, labels: labelsOf(base.labels) } };
}

/** A named message (with or without named's own time) as a draft, or why it is not one. */
export function bindDraft(text: string): Draft | string {
  const stamp = STAMP.exec(text);
  const found = clientFields(stamp === null ? text : text.slice(stamp[0].length));
  if (found === undefined) return 'not a BIND client message (client address#port: …)';
  return { time: stamp?.[1], dataset: found.dataset, fields: compact(found.fields) };
}

/** A line of named's own log file: a client message, else any other message of named (zones loaded, errors). */
function parse(text: string): ParseOutcome {
  const stamp = STAMP.exec(text);
  const draft = bindDraft(text);
  if (typeof draft !== 'string') return events(draft);
  // Without print-time, only named's client messages tell its lines from others'.
  if (stamp === null) return reject('not a BIND log line (dd-Mmm-yyyy hh:mm:ss.mmm, or a client message)');
  const rest = text.slice(stamp[0].length);
  const prefix = PREFIX.exec(rest);
  const message = rest.slice(prefix?.[0].length ?? 0);
  if (message === '') return reject('no message after the time');
  return events({ time: stamp[1], dataset: 'bind9', fields: compact({ message, labels: labelsOf({ 'bind.category': prefix?.[1], 'bind.severity': prefix?.[2] }) }) });
}

export const bind9Format = defineFormat({
  id: 'bind9',
  title: 'BIND (named) query and security log',
  description: 'ISC BIND\'s log file: client queries (name, type, class, flags, server address) and refused queries, zone transfers and updates',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'dns' }],
  lineFallback: true,
});
