import { correlationRefs, isCorrelation, stringList, type RuleDoc } from './pack-files.ts';

/** House conventions of the built-in pack that hold without running a rule (the engine checks the rest). */

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STATUSES = new Set(['stable', 'test', 'experimental']);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);

function text(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function documentProblems(doc: RuleDoc): string[] {
  const problems: string[] = [];
  if (!text(doc.title)) problems.push('no title');
  if (typeof doc.id !== 'string' || !UUID_V4.test(doc.id)) problems.push('id is not a lower-case UUID v4');
  if (typeof doc.status !== 'string' || !STATUSES.has(doc.status)) problems.push('status is not stable, test or experimental');
  if (!text(doc.description)) problems.push('no description');
  if (typeof doc.level !== 'string' || !LEVELS.has(doc.level)) problems.push('no valid level');
  if (stringList(doc.falsepositives).length === 0) problems.push('no falsepositives list');
  if (!isCorrelation(doc) && doc.logsource === undefined) problems.push('no logsource');
  return problems;
}

/** Everything wrong in the pack's documents, as `file id: problem` lines. */
export function metadataProblems(docs: readonly { file: string; doc: RuleDoc }[]): string[] {
  const problems: string[] = [];
  const seenIds = new Map<string, string>();
  const seenNames = new Map<string, string>();
  for (const { file, doc } of docs) {
    const label = `${file} ${typeof doc.id === 'string' ? doc.id : '(no id)'}`;
    problems.push(...documentProblems(doc).map((p) => `${label}: ${p}`));
    if (typeof doc.id === 'string') {
      const other = seenIds.get(doc.id);
      if (other !== undefined) problems.push(`${label}: id also used in ${other}`);
      seenIds.set(doc.id, file);
    }
    if (typeof doc.name === 'string') {
      const other = seenNames.get(doc.name);
      if (other !== undefined) problems.push(`${label}: name ${doc.name} also used in ${other}`);
      seenNames.set(doc.name, file);
    }
  }
  for (const { file, doc } of docs) {
    for (const ref of correlationRefs(doc)) {
      if (!seenIds.has(ref) && !seenNames.has(ref)) problems.push(`${file} ${String(doc.id)}: correlates unknown rule ${ref}`);
    }
    if (isCorrelation(doc) && correlationRefs(doc).length === 0) problems.push(`${file} ${String(doc.id)}: correlation without rules`);
  }
  return problems;
}
