import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../../format.ts';
import { compact } from '../../values.ts';
import { packageChange, rpmPackage, type PackageChange } from './package-fields.ts';

/**
 * yum's log (/var/log/yum.log, RHEL and CentOS 7 and earlier): `Nov 23 10:00:00 Installed: 1:net-snmp-5.7.2-49.el7.x86_64`,
 * `Updated:` with the new package, `Erased:` with the name alone. No year and no zone: the year is inferred as for
 * syslog, the zone is `--tz`.
 */

const LINE = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (Installed|Updated|Erased): (\S+)$/;
const CHANGES: ReadonlyMap<string, PackageChange> = new Map([
  ['Installed', 'installed'],
  ['Updated', 'upgraded'],
  ['Erased', 'removed'],
]);

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  if (m === null) return reject('not a yum.log line (time, Installed/Updated/Erased, package)');
  const fields = packageChange(CHANGES.get(m[2]!)!, rpmPackage(m[3]!), undefined, 'rpm');
  fields.event!.provider = 'yum';
  return events({ time: m[1], dataset: 'yum', fields: compact(fields) });
}

export const yumFormat = defineFormat({
  id: 'yum',
  title: 'yum log',
  description: "yum's log (/var/log/yum.log): each package installed, updated or erased",
  framing: 'lines',
  sniff: sniffLines((line) => LINE.test(line)),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'package' }],
});
