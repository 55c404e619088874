import type { EventFields } from '../../../schema/event.ts';
import { META, PENDING, defineFormat, events, reject, type Draft, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../../format.ts';
import { HeldLines } from '../held-lines.ts';
import { baseName, commandProgram, compact, str } from '../../values.ts';
import { debPackage, packageChange, type PackageChange } from './package-fields.ts';

/**
 * apt's history (/var/log/apt/history.log): one block per apt run, `Start-Date: 2024-11-23  10:00:00`, the
 * `Commandline:` and `Requested-By: alice (1000)` (absent for unattended upgrades), a line per kind of change
 * (`Install: nmap:amd64 (7.80+dfsg1-2build1), libx:amd64 (1.2, automatic)`, `Upgrade: pkg:arch (old, new)`,
 * `Remove:`, `Purge:`, `Downgrade:`, `Reinstall:`), `Error:` when dpkg failed, then `End-Date:`. Each package
 * changed is an event at the run's start, with the command and the user who asked for it; its original is its own
 * entry (`Install: nmap:amd64 (7.80…)`), on the line of its kind. A run that changed nothing is one event.
 * Times are the machine's local time (`--tz`).
 */

const FIELD = /^([A-Z][A-Za-z-]{1,30}): ?(.*)$/;
const KINDS: ReadonlyMap<string, PackageChange> = new Map([
  ['Install', 'installed'],
  ['Reinstall', 'reinstalled'],
  ['Upgrade', 'upgraded'],
  ['Downgrade', 'downgraded'],
  ['Remove', 'removed'],
  ['Purge', 'purged'],
]);
/** `name:arch (versions)`; a name starts after a space, comma or parenthesis, so a long word is scanned once, not from each of its letters. */
const ENTRY = /(?<![^\s,()])([^\s,()]+) \(([^()]*)\)/g;
const REQUESTED_BY = /^(.*?)(?: \((\d+)\))?$/;
const MAX_CHARS = 4 * 1024 * 1024;
/** The names of a run's lines, for sniffing: its changes and what apt writes around them. */
const RUN_FIELDS = new Set([...KINDS.keys(), 'Start-Date', 'End-Date', 'Commandline', 'Requested-By', 'Error']);
/** What the parts of a run cut at the cap keep of it. */
const CARRIED = new Set(['Start-Date', 'Commandline', 'Requested-By']);

interface Change {
  kind: string;
  line: number;
  offset: number;
  text: string;
}

interface Run {
  held: HeldLines;
  fields: Map<string, string>;
  changes: Change[];
}

/** `2024-11-23  10:00:00` (apt pads with two spaces) as one. */
const runTime = (value: string | undefined): string | undefined => str(value?.replace(/\s+/g, ' ').trim());

function runFields(run: Run): EventFields {
  const command = run.fields.get('Commandline');
  const requested = REQUESTED_BY.exec(run.fields.get('Requested-By') ?? '');
  const labels: Record<string, string> = {};
  const error = run.fields.get('Error');
  if (error !== undefined) labels['apt_error'] = error;
  const end = runTime(run.fields.get('End-Date'));
  if (end !== undefined) labels['apt_end'] = end;
  return {
    process: { command_line: str(command), name: baseName(commandProgram(command)) },
    user: { name: str(requested?.[1]), id: str(requested?.[2]) },
    labels,
  };
}

function changeDrafts(run: Run, shared: EventFields, time: string | undefined, outcome: 'success' | 'failure' | undefined): Draft[] {
  const drafts: Draft[] = [];
  // `shared` is read once per run; each draft gets copies of its own (no object is shared between drafts).
  for (const change of run.changes) {
    const kind = KINDS.get(change.kind)!;
    // No cap of our own: a line holds at most the framing's 1 MiB (~25,000 entries), and each entry is a change.
    for (const m of change.text.matchAll(ENTRY)) {
      const versions = m[2]!.split(',').map((part) => part.trim());
      const automatic = versions.includes('automatic');
      const [first, second] = versions.filter((part) => part !== 'automatic');
      const twoVersions = kind === 'upgraded' || kind === 'downgraded';
      const fields = packageChange(kind, { ...debPackage(m[1]!), version: twoVersions ? (second ?? first) : first }, twoVersions && second !== undefined ? first : undefined);
      fields.process = { ...shared.process };
      fields.user = { ...shared.user };
      fields.labels = { ...shared.labels, ...fields.labels };
      if (automatic) fields.labels['apt_automatic'] = 'true';
      fields.event!.outcome = outcome;
      fields.event!.provider = 'apt';
      drafts.push({ time, dataset: 'apt.history', fields: compact(fields), line: change.line, offset: change.offset, original: `${change.kind}: ${m[0]}` });
    }
  }
  return drafts;
}

class AptHistoryParser implements FormatParser {
  private run: Run | undefined;

  parse(record: RawRecord): ParseOutcome {
    const field = FIELD.exec(record.text);
    if (field !== null && field[1] === 'Start-Date') {
      const done = this.close();
      this.run = { held: new HeldLines(record, MAX_CHARS), fields: new Map([['Start-Date', field[2]!]]), changes: [] };
      return done.length === 0 ? PENDING : events(...done);
    }
    if (record.text.trim() === '') return this.run === undefined ? META : PENDING;
    const run = this.run;
    if (run === undefined || field === null) return reject(run === undefined ? 'not inside an apt history block (no Start-Date before it)' : 'not a "Name: value" line of an apt history block');
    const [, name = '', value = ''] = field;
    // A run is held until its End-Date: one that goes on past the cap gives what it holds and goes on as a new part,
    // with the run's time, command and user, so memory stays bounded on a file that never ends its run.
    const early = run.held.add(record.text) ? [] : this.split(run, record);
    const current = this.run!;
    if (KINDS.has(name)) current.changes.push({ kind: name, line: record.line, offset: record.offset, text: value });
    else if (!current.fields.has(name)) current.fields.set(name, value);
    if (name !== 'End-Date') return early.length === 0 ? PENDING : events(...early);
    return events(...early, ...this.close());
  }

  private split(run: Run, record: RawRecord): Draft[] {
    const done = this.close();
    const fields = new Map([...run.fields].filter(([key]) => CARRIED.has(key)));
    this.run = { held: new HeldLines(record, MAX_CHARS), fields, changes: [] };
    return done;
  }

  flush(): Draft[] {
    return this.close();
  }

  private close(): Draft[] {
    const run = this.run;
    this.run = undefined;
    if (run === undefined) return [];
    const time = runTime(run.fields.get('Start-Date'));
    // Success only once the run has ended without an error; a run cut off (or a part of one) does not say yet.
    const outcome = run.fields.has('Error') ? 'failure' : run.fields.has('End-Date') ? 'success' : undefined;
    const fields = runFields(run);
    const drafts = changeDrafts(run, fields, time, outcome);
    if (drafts.length > 0) return drafts;
    // A run that changed nothing (or was cut off before its changes): the run itself.
    fields.event = { category: ['package'], type: ['info'], action: 'apt-run', outcome, provider: 'apt' };
    return [run.held.stamp({ time, dataset: 'apt.history', fields: compact(fields) })];
  }
}

function sniff(sample: Sample): number {
  const lines = sample.lines.slice(0, 40);
  const start = lines.some((line) => line.startsWith('Start-Date: '));
  const known = lines.filter((line) => RUN_FIELDS.has(FIELD.exec(line)?.[1] ?? '')).length;
  return start && known >= Math.max(2, lines.length * 0.8) ? 0.95 : 0;
}

export const aptHistoryFormat = defineFormat({
  id: 'apt-history',
  title: 'apt history log',
  description: "apt's history (/var/log/apt/history.log): each package installed, upgraded or removed, with the command line and the user who ran it",
  framing: 'lines',
  sniff,
  createParser: () => new AptHistoryParser(),
  logsources: [{ category: 'package' }],
});
