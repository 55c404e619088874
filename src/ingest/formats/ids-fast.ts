import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact } from '../values.ts';
import { idsAlertFields } from './ids-alert.ts';

/**
 * IDS alerts in the "fast" one-line form Suricata (fast.log) and Snort (alert_fast) write: the time, then the
 * alert (ids-alert.ts). Suricata writes the year, Snort only with `-y` (two digits), else it is inferred as for
 * syslog; the time is the sensor's local time (--tz).
 */

const LINE = /^(\d{2})\/(\d{2})(?:\/(\d{4}|\d{2}))?-(\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)\s+(.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The alert's time in a layout the time resolver reads: ISO without a zone, or syslog's when there is no year. */
function timeOf(month: string, day: string, year: string | undefined, clock: string): string | undefined {
  const m = Number(month);
  if (m < 1 || m > 12) return undefined;
  if (year === undefined) return `${MONTHS[m - 1]!} ${day} ${clock}`;
  return `${year.length === 2 ? `20${year}` : year}-${month}-${day} ${clock}`;
}

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  // fast.log's `[**]` markers tell its alerts from other lines that start with such a time.
  const fields = m === null || !m[5]!.includes('[**]') ? undefined : idsAlertFields(m[5]!);
  if (m === null || fields === undefined) return reject('not an IDS fast alert line');
  const time = timeOf(m[1]!, m[2]!, m[3], m[4]!);
  if (time === undefined) return reject('not a month in the alert time');
  return events({ time, dataset: 'ids.alert', fields: compact(fields) });
}

export const idsFastFormat = defineFormat({
  id: 'ids-fast',
  title: 'IDS alerts, fast format (Suricata, Snort)',
  description:
    'Suricata fast.log and Snort alert_fast lines: signature, its gid:sid:rev, classification and priority (event.severity, 1 the highest), ' +
    'protocol and both endpoints; IPS drops are denied. The same alerts sent to syslog are read by the syslog format.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'ids' }],
  lineFallback: true,
});
