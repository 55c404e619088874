import type { EventFields } from '../../../schema/event.ts';
import { META, PENDING, defineFormat, events, reject, sniffLines, type Draft, type FormatParser, type ParseOutcome, type RawRecord } from '../../format.ts';
import { compact } from '../../values.ts';
import { packageChange, packageInfo, rpmPackage, type PackageChange } from './package-fields.ts';

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
    return { ...packageInfo('package-replaced', rpmPackage(m[2]!), 'rpm'), labels: { rpm_step: verb } };
  }
  return { event: { category: ['package'], type: ['info'], action: 'rpm-message' }, message: body };
}

function parse(record: RawRecord): ParseOutcome {
  const m = LINE.exec(record.text);
  if (m === null) return reject('not a dnf.rpm.log line (time, level, message)');
  const body = m[3]!;
  if (body.startsWith('--- logging initialized ---')) return META;
  const fields = fieldsOf(body);
  (fields.event ??= {}).provider = 'dnf';
  (fields.labels ??= {})['dnf_level'] = m[2]!;
  return events({ time: m[1], dataset: 'dnf.rpm', fields: compact(fields), line: record.line, offset: record.offset, original: record.text });
}

const PAIRS: ReadonlyMap<string, string> = new Map([
  ['package-upgraded', 'Upgraded'],
  ['package-downgraded', 'Downgraded'],
  ['package-reinstalled', 'Reinstalled'],
]);

/**
 * An upgrade's line is held until the next: when that is the package it replaced (same name and architecture),
 * the upgrade gets its previous version, as dpkg's and apt's do.
 */
class DnfRpmParser implements FormatParser {
  private held: Draft | undefined;

  parse(record: RawRecord): ParseOutcome {
    const outcome = parse(record);
    const held = this.held;
    this.held = undefined;
    const draft = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
    const previous = held !== undefined && draft !== undefined ? replacedVersion(draft, held) : undefined;
    if (held !== undefined && previous !== undefined) (held.fields.labels ??= {})['package_previous_version'] = previous;
    const ready = held === undefined ? [] : [held];
    if (draft !== undefined && PAIRS.has(draft.fields.event?.action ?? '')) {
      this.held = draft;
      return ready.length === 0 ? PENDING : events(...ready);
    }
    if (outcome.kind === 'events') return events(...ready, ...outcome.drafts);
    // A banner or a rejected line after a held change: the change waits for the next event, or the end.
    this.held = held;
    return outcome;
  }

  flush(): Draft[] {
    const held = this.held;
    this.held = undefined;
    return held === undefined ? [] : [held];
  }
}

/** The version `draft` says `held` replaced, when it is that change's second line (`Upgrade:` then `Upgraded:` of one package). */
function replacedVersion(draft: Draft, held: Draft): string | undefined {
  const step = PAIRS.get(held.fields.event?.action ?? '');
  const replaced = draft.fields.package;
  const changed = held.fields.package;
  if (step === undefined || draft.fields.labels?.['rpm_step'] !== step || replaced === undefined || changed === undefined) return undefined;
  return replaced.name === changed.name && replaced.architecture === changed.architecture ? replaced.version : undefined;
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
  createParser: () => new DnfRpmParser(),
  logsources: [{ category: 'package' }],
});
