/** The `<PRI>` value of a syslog line: facility × 8 + severity (RFC 5424 §6.2.1). */

const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6',
  'local7',
];
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

const PRI = /^<(\d{1,3})>/;

/** Reads a leading `<PRI>`; returns the labels and how many characters it took, or undefined. */
export function readPriority(line: string): { length: number; labels: Record<string, string> } | undefined {
  const m = PRI.exec(line);
  if (m === null) return undefined;
  const value = Number(m[1]);
  if (value > 191) return undefined;
  const facility = FACILITIES[Math.floor(value / 8)] ?? String(Math.floor(value / 8));
  const severity = SEVERITIES[value % 8] ?? String(value % 8);
  return {
    length: m[0].length,
    labels: { 'syslog.priority': String(value), 'syslog.facility': facility, 'syslog.severity': severity },
  };
}

/** The labels of a facility and a severity given apart (the journal's SYSLOG_FACILITY and PRIORITY fields). */
export function priorityLabels(facility: number | undefined, severity: number | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (facility !== undefined) labels['syslog.facility'] = FACILITIES[facility] ?? String(facility);
  if (severity !== undefined && severity < 8) labels['syslog.severity'] = SEVERITIES[severity] ?? String(severity);
  return labels;
}
