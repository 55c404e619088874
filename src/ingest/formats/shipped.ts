import { defineFormat, events, isObject, reject, sniffByShare, type Envelope, type FormatParser, type ParserContext, type RawRecord } from '../format.ts';
import { jsonText, pick, setOwn, str } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { recordLabels } from './cloud/record.ts';
import { taggedLine } from './syslog/header.ts';
import { isWazuhRecord, wazuhEnvelope } from './wazuh.ts';

/**
 * Logs as a log shipper or a search engine holds them: what analysts get out of an Elastic, OpenSearch, Loki or
 * Graylog stack. Filebeat, Elastic Agent, Logstash and Vector put the line they read in `message` (ECS: the unmodified
 * one in `event.original`) beside their own fields; Loki's `logcli --output jsonl` gives `{"labels":…,"line":…,
 * "timestamp":…}`; GELF carries it in `short_message`, Graylog in `message` (`full_message` when it kept the raw
 * line), Fluentd and Fluent Bit in `log` or, for a syslog message they took apart, `message` beside `ident` and `pid`;
 * an Elasticsearch or OpenSearch hit (`elasticdump`, the scroll API) wraps a document in `{"_index":…,"_id":…,
 * "_source":…}`. The line is read by the format of its log (sniffed once per file it was shipped from), as it would
 * be read from that file, so an sshd line shipped by Filebeat raises what auth.log does; a program's tag a shipper
 * kept apart is put back in front of its line. A hit's document that a format reads as it is (Winlogbeat's,
 * Suricata's EVE) is read by it. The shipper's time and host stand in for a line's own when that is not an instant (a
 * syslog line names neither year nor zone), and the shipper's other fields become labels. What no format reads goes
 * through the generic alias table.
 */

type Shipper = 'beats' | 'logstash' | 'vector' | 'loki' | 'gelf' | 'graylog' | 'fluent' | 'upsun' | 'document';

const BEATS = new Set(['filebeat', 'winlogbeat', 'auditbeat', 'packetbeat', 'journalbeat', 'heartbeat', 'metricbeat', 'functionbeat', 'osquerybeat', 'elastic-agent']);

/** A shipped document, out of its Elasticsearch hit if it came in one. */
interface Shipped {
  doc: Record<string, unknown>;
  shipper: Shipper;
  /** The hit's index and id, as labels. */
  hit: Record<string, string>;
}

/** Fluentd's and Fluent Bit's records: a syslog message their parser took apart, or a container's line with Kubernetes' metadata. */
function isFluent(doc: Record<string, unknown>): boolean {
  if (typeof doc.ident === 'string' && typeof doc.message === 'string') return doc.host !== undefined || doc.pid !== undefined;
  return typeof doc.log === 'string' && isObject(doc.kubernetes);
}

/** Upsun's (Platform.sh's) log forwarding: a journal line as `<container host> <program>: <message>` in `message`. */
function isUpsun(doc: Record<string, unknown>): boolean {
  const container = doc.container;
  return typeof doc.message === 'string' && typeof doc.type === 'string' && doc.type.startsWith('log.') && isObject(container) && (container.vendor === 'upsun' || container.vendor === 'platformsh');
}

function shipperOf(doc: Record<string, unknown>): Shipper | undefined {
  if (typeof doc.line === 'string' && isObject(doc.labels) && typeof doc.timestamp === 'string') return 'loki';
  if (typeof doc.short_message === 'string' && typeof doc.version === 'string') return 'gelf';
  if (typeof doc.gl2_message_id === 'string' || typeof doc.gl2_source_input === 'string') return 'graylog';
  const agent = str(pick(doc, 'agent.type'));
  const metadata = doc['@metadata'];
  if ((agent !== undefined && BEATS.has(agent)) || (isObject(metadata) && typeof metadata.beat === 'string')) return 'beats';
  if (doc['@version'] !== undefined && doc['@timestamp'] !== undefined) return 'logstash';
  if (typeof doc.source_type === 'string' && doc.timestamp !== undefined && Object.hasOwn(doc, 'message')) return 'vector';
  if (isFluent(doc)) return 'fluent';
  return isUpsun(doc) ? 'upsun' : undefined;
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

/** Where each shipper keeps what it read and said of it, best path first. */
interface Shape {
  /** The line it read; none for a document that is the record itself. */
  lines: readonly string[];
  times: readonly string[];
  hosts: readonly string[];
  /** The file (or container) the line was read from: the line's log, whose format reads it. */
  sources: readonly string[];
  datasets: readonly string[];
  /** The program and pid of a syslog message whose header the shipper took apart (its tag is put back). */
  programs?: readonly string[];
  pids?: readonly string[];
  /** The line starts with the host's name and a space (a syslog header without its time). */
  hostPrefixed?: boolean;
}

const ELASTIC: Shape = {
  lines: ['event.original', 'message'],
  times: ['@timestamp', 'timestamp'],
  hosts: ['host.name', 'host.hostname', 'agent.hostname', 'host', 'labels.host', 'labels.hostname'],
  // ECS, Logstash's, Vector's and Filebeat 6's fields, Promtail's label.
  sources: ['log.file.path', 'path', 'file', 'source', 'labels.filename'],
  datasets: ['event.dataset', 'data_stream.dataset', 'fileset.name', 'labels.job', 'type'],
};

const SHAPES: Readonly<Record<Shipper, Shape>> = {
  beats: ELASTIC,
  logstash: ELASTIC,
  vector: ELASTIC,
  document: { ...ELASTIC, lines: ['event.original'] },
  loki: { ...ELASTIC, lines: ['line'] },
  // GELF's additional fields start with `_`: syslog-ng's and Graylog's sidecars' program and pid, Docker's container.
  gelf: {
    lines: ['short_message'], times: ['timestamp'], hosts: ['host'], sources: ['_file', '_filename', '_container_name'],
    datasets: ['_tag', '_application_name', '_program'], programs: ['_application_name', '_program', '_ident', '_appname'], pids: ['_process_id', '_pid', '_procid'],
  },
  // Graylog's own messages (its API, its Elasticsearch/OpenSearch documents): `source` is the sending host.
  graylog: {
    lines: ['full_message', 'message'], times: ['timestamp'], hosts: ['source'], sources: ['filepath', 'file', 'filename'],
    datasets: ['application_name'], programs: ['application_name'], pids: ['process_id'],
  },
  fluent: {
    lines: ['log', 'message'], times: ['time', '@timestamp', 'date'], hosts: ['host', 'hostname', 'kubernetes.host'],
    sources: ['filepath', 'path', 'kubernetes.container_name'], datasets: ['ident', 'tag'], programs: ['ident'], pids: ['pid'],
  },
  // The line starts with the container's host name, which is left out: `nginx: 203.0.113.1 - - […] "GET / …"`.
  upsun: { lines: ['message'], times: ['timestamp'], hosts: ['container.hostname'], sources: [], datasets: ['container.service'], hostPrefixed: true },
};

/** Winlogbeat's (and Elastic Agent's Windows integrations') `message` is the rendered text of an event whose fields are in `winlog`: the document is the record. */
function linePaths(shipped: Shipped): readonly string[] {
  return isObject(shipped.doc.winlog) ? [] : SHAPES[shipped.shipper].lines;
}

/** The first of the paths that holds non-empty text (or, with `numbers`, a number: GELF's and Fluent Bit's epoch times), and that text. */
function textAt(doc: Record<string, unknown>, paths: readonly string[], numbers = false): { path: string; value: string } | undefined {
  for (const path of paths) {
    const value = pick(doc, path);
    const found = typeof value === 'string' || (numbers && typeof value === 'number') ? str(value) : undefined;
    if (found !== undefined) return { path, value: found };
  }
  return undefined;
}

/** Graylog's documents write UTC as `2024-11-23 10:00:01.123`, without saying so. */
const GRAYLOG_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;

/** The line without the host name it starts with, when the shipper writes one there. */
function withoutHost(line: string, host: string | undefined): string {
  return host !== undefined && line.startsWith(`${host} `) ? line.slice(host.length + 1) : line;
}

/** The line with its program's tag put back, when the shipper kept that apart (see `taggedLine`). */
function withTag(line: string, doc: Record<string, unknown>, shape: Shape): string {
  const program = shape.programs === undefined ? undefined : textAt(doc, shape.programs)?.value;
  const pid = shape.pids === undefined ? undefined : textAt(doc, shape.pids)?.value;
  return taggedLine(line, program, pid);
}

/** Shippers whose document, without a line, is the record itself (Winlogbeat's, an application's JSON in a hit). */
const DOCUMENT_SHIPPERS: ReadonlySet<Shipper> = new Set(['beats', 'logstash', 'vector', 'document']);

export function shippedEnvelope(record: RawRecord): Envelope | undefined {
  const shipped = shippedOf(record.value);
  if (shipped === undefined) return undefined;
  const { doc } = shipped;
  // The Wazuh indexer's documents are Wazuh's alerts (whoever shipped them): read as alerts.json's records are, the
  // hit's index and id as labels.
  if (isWazuhRecord(doc)) {
    const wazuh = wazuhEnvelope(doc);
    return wazuh === undefined ? undefined : { ...wazuh, labels: { ...wazuh.labels, ...shipped.hit } };
  }
  const shape = SHAPES[shipped.shipper];
  const line = textAt(doc, linePaths(shipped));
  // A Loki record's, a GELF message's, Graylog's and a Fluent record's line is all there is of it.
  if (line === undefined && !DOCUMENT_SHIPPERS.has(shipped.shipper)) return undefined;
  const time = textAt(doc, shape.times, true);
  const host = textAt(doc, shape.hosts);
  const source = textAt(doc, shape.sources)?.value;
  // A document that is the record itself is its JSON text (none for one too deep to write back).
  const wrapped = line === undefined ? jsonText(doc) : withTag(withoutHost((pick(doc, line.path) as string).replace(/\r?\n$/, ''), shape.hostPrefixed === true ? host?.value : undefined), doc, shape);
  if (wrapped === undefined) return undefined;
  const labels: Record<string, string> = { ...shipped.hit };
  // The document's fields but the line, its time and host are labels under their own paths (the hit's win).
  const own = line === undefined ? undefined : recordLabels(doc, new Set([line.path, 'message', time?.path ?? '', host?.path ?? '']));
  if (own !== undefined) for (const [path, value] of Object.entries(own)) if (!Object.hasOwn(labels, path)) setOwn(labels, path, value);
  const envelope: Envelope = {
    text: wrapped,
    key: source ?? textAt(doc, shape.datasets)?.value ?? '',
    labels,
  };
  if (line === undefined) envelope.value = doc;
  if (source !== undefined) envelope.source = source;
  if (time !== undefined) envelope.time = shipped.shipper === 'graylog' && GRAYLOG_UTC.test(time.value) ? `${time.value.replace(' ', 'T')}Z` : time.value;
  if (host !== undefined) envelope.host = host.value;
  return envelope;
}

/**
 * What the alias table reads of a document no format reads: Loki's labels are the fields of its line, GELF's
 * `short_message` its message and Graylog's `source` its host (the alias table would take it for a dataset).
 */
function ownRecord(shipped: Shipped): Record<string, unknown> {
  const { doc } = shipped;
  if (shipped.shipper === 'gelf' && !Object.hasOwn(doc, 'message')) return { ...doc, message: doc.short_message };
  if (shipped.shipper === 'graylog' && Object.hasOwn(doc, 'source')) {
    const { source, ...rest } = doc;
    return Object.hasOwn(rest, 'host') ? doc : { ...rest, host: source };
  }
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
      if (shipped === undefined) return reject('not a shipped log document (Beats, Logstash, Vector, Loki, GELF, Graylog, Fluentd) or an Elasticsearch hit');
      const draft = mapRecord(ownRecord(shipped), { mapping: ctx.mapping, dataset: 'json' });
      const labels = (draft.fields.labels ??= {});
      for (const [key, value] of Object.entries(shipped.hit)) if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
      return events(draft);
    },
  };
}


export const shippedJsonFormat = defineFormat({
  id: 'shipped-json',
  title: 'Shipped logs (Elasticsearch/OpenSearch hits, Beats, Logstash, Vector, Loki, GELF, Graylog, Fluentd)',
  description:
    'log lines as Filebeat, Elastic Agent, Logstash, Vector, Fluentd and Fluent Bit ship them, Loki query output ' +
    '(logcli --output jsonl), GELF and Graylog messages and Elasticsearch/OpenSearch hits (_source): each line read by ' +
    "the format of its log (sniffed per file it was shipped from), with the shipper's time, host and fields (labels)",
  framing: 'json',
  sniff: sniffByShare((value) => shippedOf(value) !== undefined, 0.5, 0.4),
  createParser,
  envelope: shippedEnvelope,
  logsources: [],
});
