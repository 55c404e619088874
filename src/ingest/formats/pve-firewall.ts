import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact } from '../values.ts';
import { looksLikeNetfilter, parseNetfilter } from './syslog/netfilter.ts';
import { mergeFields } from './syslog/util.ts';

/**
 * Proxmox VE's firewall log (/var/log/pve-firewall.log, written by pvefw-logger): the guest's VM id (0 for the
 * host), the rule's log level, the chain, the time, then the netfilter line with its verdict as prefix
 * (`policy DROP:`, `ACCEPT:`, `PVEFW-reject:`): `0 3 PVEFW-HOST-IN 20/Jun/2022:13:09:14 +0200 policy DROP: IN=vmbr0
 * … SRC=10.3.94.11 DST=10.3.94.12 … PROTO=UDP SPT=49152 DPT=3784`. Read as kernel netfilter lines are.
 */

const LINE = /^(\d+) (\d+) (\S+) (\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}) (.*)$/;

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  if (m === null) return reject('not a Proxmox firewall line');
  const [, vmid, level, chain, time, body] = m;
  const netfilter = looksLikeNetfilter(body!) ? parseNetfilter(body!) : undefined;
  if (netfilter === undefined) return reject('no netfilter fields (SRC=, DST=) after the chain');
  const own: EventFields = { labels: { 'pve.vmid': vmid!, 'pve.log_level': level!, 'pve.chain': chain! } };
  return events({ time, dataset: 'pve-firewall', fields: compact(mergeFields(own, netfilter.fields)) });
}

export const pveFirewallFormat = defineFormat({
  id: 'pve-firewall',
  title: 'Proxmox VE firewall log',
  description: 'pve-firewall.log lines: VM id, log level, chain and time, then the netfilter fields and verdict, read as iptables lines are.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'firewall' }],
});
