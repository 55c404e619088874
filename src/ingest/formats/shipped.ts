import { defineFormat, events, isObject, reject, sniffByShare, type Envelope, type FormatParser, type ParserContext, type RawRecord } from '../format.ts';
import { jsonText, pick, setOwn, str } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { recordLabels } from './cloud/record.ts';

/**
 * Logs as a log shipper or a search engine holds them: what analysts get out of an Elastic, OpenSearch or Loki
 * stack. Filebeat, Elastic Agent, Logstash and Vector put the line they read in `message` (ECS: the unmodified one
 * in `event.original`) beside their own fields; Loki's `logcli --output jsonl` gives `{"labels":…,"line":…,
 * "timestamp":…}`; an Elasticsearch or OpenSearch hit (`elasticdump`, the scroll API) wraps a document in
 * `{"_index":…,"_id":…,"_source":…}`. The line is read by the format of its log (sniffed once per file it was
 * shipped from), as it would be read from that file, so an sshd line shipped by Filebeat raises what auth.log does; a
 * hit's document that a format reads as it is (Winlogbeat's, Suricata's EVE) is read by it. The shipper's time
 * (zoned) and host stand in for a line's own when that is not an instant (a syslog line names neither year nor
 * zone), and the shipper's other fields become labels. What no format reads goes through the generic alias table.
 */

type Shipper = 'beats' | 'logstash' | 'vector' | 'loki' | 'document';

const BEATS = new Set(['filebeat', 'winlogbeat', 'auditbeat', 'packetbeat', 'journalbeat', 'heartbeat', 'metricbeat', 'functionbeat', 'osquerybeat', 'elastic-agent']);

/** A shipped document, out of its Elasticsearch hit if it came in one. */
interface Shipped {
  doc: Record<string, unknown>;
  shipper: Shipper;
  /** The hit's index and id, as labels. */
  hit: Record<string, string>;
}

function shipperOf(doc: Record<string, unknown>): Shipper | undefined {
  if (typeof doc.line === 'string' && isObject(doc.labels) && typeof doc.timestamp === 'string') return 'loki';
  const agent = str(pick(doc, 'agent.type'));
  const metadata = doc['@metadata'];
  if ((agent !== undefined && BEATS.has(agent)) || (isObject(metadata) && typeof metadata.beat === 'string')) return 'beats';
  if (doc['@version'] !== undefined && doc['@timestamp'] !== undefined) return 'logstash';
  if (typeof doc.source_type === 'string' && doc.timestamp !== undefined && Object.hasOwn(doc, 'message')) return 'vector';
  return undefined;
}

function shippedOf(value: unknown): Shipped | undefined {
  if (!isObject(value)) return undefined;
  const source = value._source;
  if (isObject(source) && typeof value._index === 'string') {
    const hit: Record<string, string> = { _index: value._index };
    const id = str(value._id);
    if (id !== undefined) hit._id = id;
    return { doc: source, shipper: shipperOf(source) ?? 'document', hit };
  }
  const shipper = shipperOf(value);
  return shipper === undefined ? undefined : { doc: value, shipper, hit: {} };
}

/** Where a shipper keeps the line it read, best first; undefined for a document that is the record itself. */
function linePaths(shipped: Shipped): readonly string[] {
  const { doc, shipper } = shipped;
  // Winlogbeat's (and Elastic Agent's Windows integrations') `message` is the rendered text of an event whose
  // fields are in `winlog`: the document is the record.
  if (isObject(doc.winlog)) return [];
  if (shipper === 'loki') return ['line'];
  return shipper === 'document' ? ['event.original'] : ['event.original', 'message'];
}

const TIME_PATHS = ['@timestamp', 'timestamp'];
const HOST_PATHS = ['host.name', 'host.hostname', 'agent.hostname', 'host', 'labels.host', 'labels.hostname'];
/** The file the line was read from: ECS, Logstash's, Vector's and Filebeat 6's fields, Promtail's label. */
const SOURCE_PATHS = ['log.file.path', 'path', 'file', 'source', 'labels.filename'];
const DATASET_PATHS = ['event.dataset', 'data_stream.dataset', 'fileset.name', 'labels.job', 'type'];

/** The first of the paths that holds non-empty text, and that text. */
function textAt(doc: Record<string, unknown>, paths: readonly string[]): { path: string; value: string } | undefined {
  for (const path of paths) {
    const value = pick(doc, path);
    const found = typeof value === 'string' ? str(value) : undefined;
    if (found !== undefined) return { path, value: found };
  }
  return undefined;
}

export function shippedEnvelope(record: RawRecord): Envelope | undefined {
  const shipped = shippedOf(record.value);
  if (shipped === undefined) return undefined;
  const { doc } = shipped;
  const line = textAt(doc, linePaths(shipped));
  // Loki's line is all there is of its record.
  if (line === undefined && shipped.shipper === 'loki') return undefined;
  const time = textAt(doc, TIME_PATHS);
  const host = textAt(doc, HOST_PATHS);
  const source = textAt(doc, SOURCE_PATHS)?.value;
  // A document that is the record itself is its JSON text (none for one too deep to write back).
  const wrapped = line === undefined ? jsonText(doc) : (pick(doc, line.path) as string).replace(/\r?\n$/, '');
  if (wrapped === undefined) return undefined;
  const labels: Record<string, string> = { ...shipped.hit };
  // The document's fields but the line, its time and host are labels under their own paths (the hit's win).
  const own = line === undefined ? undefined : recordLabels(doc, new Set([line.path, 'message', time?.path ?? '', host?.path ?? '']));
  if (own !== undefined) for (const [path, value] of Object.entries(own)) if (!Object.hasOwn(labels, path)) setOwn(labels, path, value);
  const envelope: Envelope = {
    text: wrapped,
    key: source ?? textAt(doc, DATASET_PATHS)?.value ?? '',
    labels,
  };
  if (line === undefined) envelope.value = doc;
  if (source !== undefined) envelope.source = source;
  if (time !== undefined) envelope.time = time.value;
  if (host !== undefined) envelope.host = host.value;
  return envelope;
}

/** What the alias table reads of a document no format reads: Loki's labels are the fields of its line. */
function ownRecord(shipped: Shipped): Record<string, unknown> {
  const { doc } = shipped;
  if (shipped.shipper !== 'loki' || !isObject(doc.labels)) return doc;
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.labels)) setOwn(record, key, value);
  record.message = doc.line;
  record.timestamp = doc.timestamp;
  return record;
}

function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      const shipped = shippedOf(record.value);
      if (shipped === undefined) return reject('not a shipped log document (Beats, Logstash, Vector, Loki) or an Elasticsearch hit');
      const draft = mapRecord(ownRecord(shipped), { mapping: ctx.mapping, dataset: 'json' });
      const labels = (draft.fields.labels ??= {});
      for (const [key, value] of Object.entries(shipped.hit)) if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
      return events(draft);
    },
  };
}


export const shippedJsonFormat = defineFormat({
  id: 'shipped-json',
  title: 'Shipped logs (Elasticsearch/OpenSearch hits, Beats, Logstash, Vector, Loki)',
  description:
    'log lines as Filebeat, Elastic Agent, Logstash and Vector ship them (message, event.original), Loki query output ' +
    '(logcli --output jsonl) and Elasticsearch/OpenSearch hits (_source): each line read by the format of its log ' +
    "(sniffed per file it was shipped from), with the shipper's time, host and fields (labels)",
  framing: 'json',
  sniff: sniffByShare((value) => shippedOf(value) !== undefined, 0.5, 0.4),
  createParser,
  envelope: shippedEnvelope,
  logsources: [],
});
