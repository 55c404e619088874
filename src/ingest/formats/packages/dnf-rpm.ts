import type { EventFields } from '../../../schema/event.ts';
import { META, defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../../format.ts';
import { compact } from '../../values.ts';
import { packageChange, rpmPackage, type PackageChange } from './package-fields.ts';

/**
 * dnf's rpm log (/var/log/dnf.rpm.log, RHEL 8 and later, Fedora before dnf5): `2024-11-23T10:00:00+0000 SUBDEBUG
 * Installed: nmap-3:7.92-1.el9.x86_64`, one line per package of a transaction. An upgrade writes the new package
 * (`Upgrade:`) then the one it replaced (`Upgraded:`); so do downgrades and reinstalls. The first of each pair is the
 * change (`package-upgraded` with the new version); the second is `package-replaced`, so a count of changes does not
 * count it twice. `--- logging initialized ---` lines carry nothing; any other line (rpm's scriptlet warnings) is
 * kept as `rpm-message`.
 */

const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:?\d{2}|Z)) ([A-Z]+) (.*)$/;
const PACKAGE = /^([A-Z][a-z]+): (\S+)$/;
const CHANGES: ReadonlyMap<string, PackageChange> = new Map([
  ['Installed', 'installed'],
  ['Install', 'installed'],
  ['Upgrade', 'upgraded'],
  ['Downgrade', 'downgraded'],
  ['Reinstall', 'reinstalled'],
  ['Erase', 'removed'],
  ['Erased', 'removed'],
  ['Obsoleted', 'removed'],
]);
const REPLACED = new Set(['Upgraded', 'Downgraded', 'Reinstalled']);

function fieldsOf(body: string): EventFields {
  const m = PACKAGE.exec(body);
  const verb = m?.[1] ?? '';
  const change = CHANGES.get(verb);
  if (m !== null && change !== undefined) return packageChange(change, rpmPackage(m[2]!), undefined, 'rpm');
  if (m !== null && REPLACED.has(verb)) {
    const { name, architecture, version } = rpmPackage(m[2]!);
    return { event: { category: ['package'], type: ['info'], action: 'package-replaced' }, package: { name, architecture, version, type: 'rpm' }, labels: { rpm_step: verb } };
  }
  return { event: { category: ['package'], type: ['info'], action: 'rpm-message' }, message: body };
}

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  if (m === null) return reject('not a dnf.rpm.log line (time, level, message)');
  const body = m[3]!;
  if (body.startsWith('--- logging initialized ---')) return META;
  const fields = fieldsOf(body);
  (fields.event ??= {}).provider = 'dnf';
  (fields.labels ??= {})['dnf_level'] = m[2]!;
  return events({ time: m[1], dataset: 'dnf.rpm', fields: compact(fields) });
}

/** Lines of this log: its time, a level, and a package line (or the logging banner), so other ISO-stamped logs are not taken. */
const isPackageLine = (line: string): boolean => {
  const m = LINE.exec(line);
  return m !== null && (PACKAGE.test(m[3]!) || m[3]!.startsWith('--- logging initialized ---'));
};

export const dnfRpmFormat = defineFormat({
  id: 'dnf-rpm',
  title: 'dnf rpm log',
  description: "dnf's rpm log (/var/log/dnf.rpm.log): each package installed, upgraded, downgraded or removed, with its version",
  framing: 'lines',
  sniff: sniffLines(isPackageLine),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'package' }],
});
