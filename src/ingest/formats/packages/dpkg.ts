import type { EventFields } from '../../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../../format.ts';
import { compact } from '../../values.ts';
import { debPackage, packageChange, packageInfo, type PackageChange } from './package-fields.ts';

/**
 * dpkg's own log (/var/log/dpkg.log, what apt, unattended upgrades and a bare `dpkg -i` all go through): the local
 * time, then `install|upgrade <pkg>:<arch> <old|<none>> <new>`, `remove|purge <pkg>:<arch> <version> <none>`,
 * `configure`/`trigproc` likewise, `status <state> <pkg>:<arch> <version>` at each step, `startup archives unpack`
 * at each run and `conffile <path> <install|keep>` where a configuration file was replaced or kept. Every line is an
 * event of category `package`; the changes (`package-installed` …) carry the package, its version and the one it
 * replaced. Times are the machine's local time (`--tz`).
 */

const LINE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (\S+) (.*)$/;
const NONE = '<none>';
const CHANGES: ReadonlyMap<string, PackageChange> = new Map([
  ['install', 'installed'],
  ['upgrade', 'upgraded'],
  ['remove', 'removed'],
  ['purge', 'purged'],
]);

const version = (text: string | undefined): string | undefined => (text === undefined || text === NONE || text === '' ? undefined : text);

function fieldsOf(verb: string, words: readonly string[]): EventFields | string {
  const change = CHANGES.get(verb);
  if (change !== undefined) {
    const [pkg, first, second] = words;
    if (pkg === undefined || first === undefined || second === undefined) return `${verb} without a package and two versions`;
    // install/upgrade: old then new; remove/purge: the version removed then <none>.
    const removal = change === 'removed' || change === 'purged';
    return packageChange(change, { ...debPackage(pkg), version: version(removal ? first : second) }, removal ? undefined : version(first));
  }
  if (verb === 'configure' || verb === 'trigproc') {
    const [pkg, first] = words;
    if (pkg === undefined) return `${verb} without a package`;
    return packageInfo(verb === 'configure' ? 'package-configured' : 'package-triggers-processed', { ...debPackage(pkg), version: version(first) }, 'deb');
  }
  if (verb === 'status') {
    const [state, pkg, ver] = words;
    if (state === undefined || pkg === undefined) return 'status without a state and a package';
    return { ...packageInfo('package-status', { ...debPackage(pkg), version: version(ver) }, 'deb'), labels: { dpkg_status: state } };
  }
  if (verb === 'startup') return { event: { category: ['package'], type: ['start'], action: 'dpkg-run' }, labels: { dpkg_startup: words.join(' ') } };
  if (verb === 'conffile') {
    const [path, decision] = words;
    if (path === undefined) return 'conffile without a path';
    return { event: { category: ['package', 'file'], type: ['change'], action: 'package-conffile' }, file: { path }, labels: decision === undefined ? {} : { dpkg_conffile: decision } };
  }
  return `not a dpkg action: ${verb.slice(0, 40)}`;
}

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  if (m === null) return reject('not a dpkg.log line (date, time, action)');
  const fields = fieldsOf(m[2]!, m[3]!.split(' ').filter((word) => word !== ''));
  if (typeof fields === 'string') return reject(fields);
  (fields.event ??= {}).provider = 'dpkg';
  return events({ time: m[1], dataset: 'dpkg', fields: compact(fields) });
}

export const dpkgFormat = defineFormat({
  id: 'dpkg',
  title: 'dpkg log',
  description: "dpkg's log (/var/log/dpkg.log): packages installed, upgraded, removed and purged, with versions, and each step's status",
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'package' }],
});
