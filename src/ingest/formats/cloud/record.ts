import type { Outcome } from '../../../schema/event.ts';
import { defineFormat, events, isObject, reject, stateless, valueShare, type Draft, type FormatDefinition, type FormatParser, type LogSource, type ParserContext, type Sample } from '../../format.ts';
import { setOwn, str } from '../../values.ts';
import { mapRecord } from '../aliases.ts';
import { leaves } from '../aliases/flatten.ts';
import { labelValue } from '../aliases/resolve.ts';

/**
 * Helpers shared by the cloud audit formats (CloudTrail, Kubernetes, Okta, GCP, GitHub, Azure, M365, Bitbucket) and GitLab's logs: records
 * are JSON objects in the provider's own shape, read by path, with every leaf kept as a label under its own
 * dotted name (the names analysts and Sigma rules use for that provider).
 */

export type Json = Readonly<Record<string, unknown>>;

/** The value at a dotted path of own properties (`userIdentity.sessionContext.sessionIssuer.type`). */
export function at(record: unknown, path: string): unknown {
  let current = record;
  for (const key of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-empty text (numbers and booleans as text) at a path, or undefined. */
export function text(record: unknown, path: string): string | undefined {
  return str(at(record, path));
}

/** The first non-empty text among several paths. */
export function firstText(record: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const found = text(record, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every leaf of the record as a label (dotted path → text), except the paths skipped; undefined when none. */
export function recordLabels(record: Json, skip: ReadonlySet<string> | ((path: string) => boolean)): Record<string, string> | undefined {
  const { paths, values } = leaves(record);
  const skipped = typeof skip === 'function' ? skip : (path: string) => skip.has(path);
  const labels: Record<string, string> = {};
  let any = false;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    if (skipped(path)) continue;
    const value = labelValue(values[i]);
    if (value === undefined) continue;
    setOwn(labels, path, value);
    any = true;
  }
  return any ? labels : undefined;
}

/** The sniff score of a JSON format from the share of sampled records it recognises. */
function sniffRecords(accept: (record: Json) => boolean, score = 0.9): (sample: Sample) => number {
  return (sample) => {
    const share = valueShare(sample, accept);
    return share < 0.5 ? 0 : score * share;
  };
}

const CREATION = /^(?:Create|Add|Put|Register|Run|Import|Allocate|Invite|Insert|Issue|Attach|Associate|Enable|Authorize|Start|Grant|Assign|Upload)/;
const DELETION = /^(?:Delete|Remove|Deregister|Terminate|Disassociate|Detach|Revoke|Disable|Stop|Release|Unassign|Purge)/;
const CHANGE = /^(?:Update|Modify|Set|Change|Patch|Replace|Reset|Restore|Rotate|Tag|Untag|Reboot|Apply)/;
const ACCESS = /^(?:Get|List|Describe|Lookup|Search|Head|Check|Select|Query|Read|Batch[Gg]et|Download|Decrypt|Generate|Assume|Simulate|Validate|View)/;

/** ECS `event.type` of an API call from its verb (`CreateUser` → creation, `ListBuckets` → access), if it has one. */
export function apiCallType(name: string | undefined): string[] | undefined {
  if (name === undefined) return undefined;
  if (ACCESS.test(name)) return ['access'];
  if (DELETION.test(name)) return ['deletion'];
  if (CHANGE.test(name)) return ['change'];
  if (CREATION.test(name)) return ['creation'];
  return undefined;
}

/** ECS `event.outcome` from a provider's result word. */
export function outcomeOf(result: string | undefined): Outcome | undefined {
  if (result === undefined) return undefined;
  if (/^(?:success|succeeded|allow|allowed|true|ok)$/i.test(result)) return 'success';
  if (/^(?:fail|failure|failed|deny|denied|false|error|challenge)$/i.test(result)) return 'failure';
  return undefined;
}

/**
 * The parser of a cloud format: a JSON object of the provider's shape is read by `read`, given what `select` found
 * in it; any other object of the file (a digest, a test event) is read as generic JSON, never dropped.
 */
function cloudParser<T>(select: (record: Json) => T | undefined, read: (selected: T) => Draft): (ctx: ParserContext) => FormatParser {
  return stateless((raw, ctx) => {
    const value = raw.value;
    if (!isObject(value)) return reject('not a JSON object');
    const selected = select(value);
    return events(selected === undefined ? mapRecord(value, { mapping: ctx.mapping, dataset: 'json' }) : read(selected));
  });
}

/** A `select` for formats that recognise a record as a whole. */
export function matching(test: (record: Json) => boolean): (record: Json) => Json | undefined {
  return (record) => (test(record) ? record : undefined);
}

/** A cloud format: JSON records, claimed when most sampled records are the provider's (`select`), read by `read`. */
export function defineCloudFormat<T>(def: {
  id: string;
  title: string;
  description: string;
  select: (record: Json) => T | undefined;
  read: (selected: T) => Draft;
  logsources: LogSource[];
}): FormatDefinition {
  const { select, read, ...rest } = def;
  return defineFormat({ ...rest, framing: 'json', sniff: sniffRecords((record) => select(record) !== undefined), createParser: cloudParser(select, read) });
}
