import { compact, str } from '../values.ts';
import { defineCloudFormat, recordLabels, text, type Json } from './cloud/record.ts';
import { cowrieJsonFields } from './services/cowrie.ts';

/**
 * Cowrie's JSON log (cowrie.json): one record per event, `eventid` (`cowrie.login.failed`, `cowrie.command.input` …),
 * `src_ip`, `session`, and the event's own keys. Read into the same events as its text log.
 */

const MAPPED = new Set(['timestamp', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'message', 'input', 'url', 'outfile']);

function isCowrieEvent(record: Json): boolean {
  return typeof record.eventid === 'string' && record.eventid.startsWith('cowrie.') && (typeof record.src_ip === 'string' || typeof record.session === 'string');
}

export const cowrieJsonFormat = defineCloudFormat({
  id: 'cowrie-json',
  title: 'Cowrie honeypot JSON log',
  description: "Cowrie's JSON log (cowrie.json): connections, login attempts with the user and password tried, commands, downloads and client versions of attackers on the SSH and Telnet honeypot",
  select: (record) => (isCowrieEvent(record) ? record : undefined),
  read: (record) => {
    const fields = cowrieJsonFields(record);
    fields.message = text(record, 'message');
    fields.event = { ...fields.event, provider: 'cowrie' };
    fields.labels = { ...fields.labels, ...recordLabels(record, MAPPED) };
    return { time: str(record.timestamp), dataset: 'cowrie', fields: compact(fields) };
  },
  logsources: [{ product: 'cowrie' }, { category: 'authentication' }],
});
