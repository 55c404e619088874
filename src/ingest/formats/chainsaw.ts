import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, isObject, reject, valueShare, type Draft, type Envelope, type RawRecord } from '../format.ts';
import { compact, jsonText, setOwn, str } from '../values.ts';
import { ruleLevelSeverity } from './rule-level.ts';

/**
 * Chainsaw's hunt results as JSON (`chainsaw hunt … --json`, a list; `--jsonl`, a line each): each detection names
 * its rule (`name`, `id`, `level`, `status`, `tags`, `source`: `sigma` or `chainsaw`) and the record it matched
 * (`document`: its `kind`, `path` and `data`, the event as the evtx crate writes it). A wrapper format: the matched
 * record is read by the format that reads it (an EVTX record by the Windows reader, so the event has every field and
 * Vigil's own rules run on it), with the detection as `chainsaw.*` labels and its time as the fallback. An aggregate
 * detection (`documents`: the records a count is over), or one whose record nothing reads, is the detection's own
 * event: the rule, the level as severity, the records' count.
 */

type Detection = Readonly<Record<string, unknown>>;

function isDetection(value: Detection): boolean {
  return typeof value.name === 'string' && typeof value.level === 'string' && (isObject(value.document) || Array.isArray(value.documents)) && value.kind !== undefined;
}

function detectionLabels(value: Detection): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of ['name', 'id', 'level', 'status', 'source', 'group', 'kind']) {
    const text = str(value[key]);
    if (text !== undefined) setOwn(labels, `chainsaw.${key}`, text);
  }
  const tags = Array.isArray(value.tags) ? (value.tags as unknown[]).map(str).filter((tag) => tag !== undefined) : [];
  if (tags.length > 0) labels['chainsaw.tags'] = tags.join(', ');
  const authors = Array.isArray(value.authors) ? (value.authors as unknown[]).map(str).filter((author) => author !== undefined) : [];
  if (authors.length > 0) labels['chainsaw.authors'] = authors.join(', ');
  return labels;
}

export function chainsawEnvelope(record: RawRecord): Envelope | undefined {
  const value = record.value;
  if (!isObject(value) || !isDetection(value) || !isObject(value.document)) return undefined;
  const document = value.document;
  const data = document.data;
  const text = jsonText(data);
  if (!isObject(data) || text === undefined) return undefined;
  const envelope: Envelope = { text, value: data, key: str(document.kind) ?? '', labels: detectionLabels(value) };
  const path = str(document.path);
  if (path !== undefined) {
    envelope.source = path;
    envelope.labels = { ...envelope.labels, 'chainsaw.document': path };
  }
  const time = str(value.timestamp);
  if (time !== undefined) envelope.time = time;
  return envelope;
}

function detectionDraft(value: Detection): Draft {
  const documents = Array.isArray(value.documents) ? value.documents.length : 1;
  const labels = detectionLabels(value);
  labels['chainsaw.documents'] = String(documents);
  const fields: EventFields = {
    event: { category: ['intrusion_detection'], type: ['indicator'], action: 'chainsaw-detection', provider: 'chainsaw', severity: ruleLevelSeverity(str(value.level)) },
    rule: { name: str(value.name), id: str(value.id) },
    message: str(value.name),
    labels,
  };
  const draft: Draft = { dataset: 'chainsaw', fields: compact(fields) };
  const time = str(value.timestamp);
  if (time !== undefined) draft.time = time;
  return draft;
}

export const chainsawFormat = defineFormat({
  id: 'chainsaw',
  title: 'Chainsaw hunt results (JSON)',
  description: "Chainsaw's hunt --json/--jsonl detections: each matched record read by its own format, with the rule that matched as labels",
  framing: 'json',
  sniff: (sample) => {
    const share = valueShare(sample, isDetection);
    return share < 0.5 ? 0 : 0.95 * share;
  },
  createParser: () => ({
    parse(record) {
      if (!isObject(record.value) || !isDetection(record.value)) return reject('not a Chainsaw detection');
      return events(detectionDraft(record.value));
    },
  }),
  envelope: chainsawEnvelope,
  logsources: [],
});
