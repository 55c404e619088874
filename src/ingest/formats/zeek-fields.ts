import type { Draft, LogSource } from '../format.ts';
import type { EventFields, Outcome } from '../../schema/event.ts';
import { compact, int, ip, ipOrDomain, num, ownValue, port, setOwn, str, sumOfKnown } from '../values.ts';

/**
 * Mapping of Zeek log records (conn, http, dns, ssh, ssl, files, notice, weird, others) shared by the
 * TSV and JSON readers. A record arrives with canonical dotted keys (`id.orig_h`), unset fields absent,
 * and set/vector fields as string arrays.
 */
export type ZeekValue = string | number | boolean | string[];
export type ZeekRecord = Record<string, ZeekValue>;

/** Reads fields of one record and remembers which ones a mapper used (the rest become labels). */
class Reader {
  readonly used = new Set<string>(['ts', '_path', '_write_ts']);
  constructor(readonly record: ZeekRecord) {}

  raw(key: string): ZeekValue | undefined {
    this.used.add(key);
    return ownValue(this.record, key);
  }
  text(key: string): string | undefined {
    const value = this.raw(key);
    return Array.isArray(value) ? str(value.join(',')) : str(value);
  }
  list(key: string): string[] | undefined {
    const value = this.raw(key);
    if (Array.isArray(value)) return value.length > 0 ? value : undefined;
    const single = str(value);
    return single === undefined ? undefined : [single];
  }
  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === true || value === 'T' || value === 'true') return true;
    if (value === false || value === 'F' || value === 'false') return false;
    return undefined;
  }
}

type Mapper = (r: Reader) => EventFields;

function outcomeOf(flag: boolean | undefined): Outcome | undefined {
  return flag === undefined ? undefined : flag ? 'success' : 'failure';
}

const NON_WORD = /[^a-z0-9_]+/g;
const EDGE_UNDERSCORES = /^_+|_+$/g;
const FAILED_STATES = new Set(['REJ', 'S0', 'RSTOS0']);
const ESTABLISHED_STATES = new Set(['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR']);

const conn: Mapper = (r) => {
  const state = r.text('conn_state');
  const origBytes = num(r.raw('orig_bytes'));
  const respBytes = num(r.raw('resp_bytes'));
  const outcome = state === undefined ? undefined : FAILED_STATES.has(state) ? 'failure' : ESTABLISHED_STATES.has(state) ? 'success' : undefined;
  return {
    event: { category: ['network'], type: ['connection'], action: 'network-connection', outcome },
    source: { bytes: origBytes },
    destination: { bytes: respBytes },
    network: {
      protocol: r.text('service')?.toLowerCase(),
      bytes: sumOfKnown(origBytes, respBytes),
      packets: sumOfKnown(num(r.raw('orig_pkts')), num(r.raw('resp_pkts'))),
    },
    labels: { conn_state: state ?? '' },
  };
};

const http: Mapper = (r) => {
  const uri = r.text('uri');
  const cut = uri === undefined ? -1 : uri.indexOf('?');
  const status = int(r.raw('status_code'));
  const host = ipOrDomain(r.raw('host'));
  return {
    event: {
      category: ['network', 'web'], type: ['access'], action: 'http-request',
      outcome: status === undefined ? undefined : status < 400 ? 'success' : 'failure',
    },
    url: {
      original: uri, path: uri === undefined ? undefined : cut >= 0 ? uri.slice(0, cut) : uri,
      query: uri !== undefined && cut >= 0 ? uri.slice(cut + 1) : undefined, domain: host.domain ?? host.ip,
    },
    http: {
      version: r.text('version'),
      request: { method: r.text('method'), referrer: r.text('referrer'), bytes: num(r.raw('request_body_len')) },
      response: { status_code: status, bytes: num(r.raw('response_body_len')) },
    },
    user_agent: { original: r.text('user_agent') },
    user: { name: r.text('username') },
    network: { protocol: 'http' },
  };
};

const dns: Mapper = (r) => {
  const rcode = r.text('rcode_name');
  return {
    event: {
      category: ['network'], type: ['protocol'], action: 'dns-query',
      outcome: rcode === undefined ? undefined : rcode === 'NOERROR' ? 'success' : 'failure',
    },
    dns: { question: { name: r.text('query'), type: r.text('qtype_name') }, answers: r.list('answers'), response_code: rcode },
    network: { protocol: 'dns' },
  };
};

const ssh: Mapper = (r) => ({
  event: { category: ['authentication'], type: ['info'], action: 'ssh-login', outcome: outcomeOf(r.bool('auth_success')) },
  network: { protocol: 'ssh' },
  labels: { auth_success: String(r.bool('auth_success') ?? '') },
});

const ssl: Mapper = (r) => {
  const established = r.bool('established');
  return {
    event: { category: ['network'], type: ['protocol'], action: 'tls-handshake', outcome: outcomeOf(established) },
    tls: { server_name: r.text('server_name'), version: r.text('version') },
    network: { protocol: 'tls' },
    labels: { established: established === undefined ? '' : String(established) },
  };
};

const files: Mapper = (r) => {
  const tx = r.list('tx_hosts')?.[0];
  const rx = r.list('rx_hosts')?.[0];
  return {
    event: { category: ['file'], type: ['info'], action: 'zeek-file' },
    file: { name: r.text('filename') },
    source: tx === undefined ? {} : { ip: ip(tx) },
    destination: rx === undefined ? {} : { ip: ip(rx) },
  };
};

const notice: Mapper = (r) => ({
  message: r.text('msg'),
  event: { category: ['intrusion_detection'], type: ['info'], action: 'zeek-notice' },
  rule: { name: r.text('note') },
  source: { ip: ip(r.raw('src')) },
  destination: { ip: ip(r.raw('dst')), port: port(r.raw('p')) },
});

const weird: Mapper = (r) => {
  const name = r.text('name');
  const addl = r.text('addl');
  return {
    message: name === undefined ? undefined : addl === undefined ? name : `${name}: ${addl}`,
    event: { category: ['network'], type: ['info'], action: 'zeek-weird' },
    rule: { name },
  };
};

/** By log type; a Map because the type comes from the log (`#path constructor` must not find Object). */
const MAPPERS: ReadonlyMap<string, Mapper> = new Map([['conn', conn], ['http', http], ['dns', dns], ['ssh', ssh], ['ssl', ssl], ['files', files], ['notice', notice], ['weird', weird]]);

/** Guesses the log type of a record without `_path` / `#path` from its distinctive keys. */
export function inferZeekPath(keys: ReadonlySet<string>): string {
  const has = (key: string): boolean => keys.has(key);
  if (has('auth_success') || (has('client') && has('server') && has('auth_attempts'))) return 'ssh';
  if (has('query') && (has('qtype_name') || has('rcode_name') || has('trans_id'))) return 'dns';
  if (has('method') && (has('host') || has('uri'))) return 'http';
  if (has('server_name') || (has('version') && has('cipher'))) return 'ssl';
  if (has('proto') && has('conn_state')) return 'conn';
  if (has('fuid') && (has('mime_type') || has('tx_hosts') || has('seen_bytes'))) return 'files';
  if (has('note') && has('msg')) return 'notice';
  if (has('name') && (has('addl') || has('notice'))) return 'weird';
  return 'unknown';
}

function labelText(value: ZeekValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function common(r: Reader): EventFields {
  const origin = r.raw('id.orig_h');
  const responder = r.raw('id.resp_h');
  const labels: Record<string, string> = {};
  const uid = r.text('uid');
  if (uid !== undefined) labels.uid = uid;
  return {
    event: { module: 'zeek' },
    source: { ip: ip(origin), port: port(r.raw('id.orig_p')) },
    destination: { ip: ip(responder), port: port(r.raw('id.resp_p')) },
    network: { transport: r.text('proto')?.toLowerCase() },
    host: { name: r.text('_system_name') },
    labels,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; defined values of `extra` win, arrays are replaced whole. */
function merge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

/** Keeps the fields no mapper understood as labels, so nothing the sensor wrote is lost. */
function leftovers(r: Reader, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (value !== '') setOwn(out, key, value);
  for (const [key, value] of Object.entries(r.record)) {
    if (r.used.has(key) || Object.hasOwn(out, key)) continue;
    const text = labelText(value);
    if (text !== '') setOwn(out, key, text);
  }
  return out;
}

function datasetPath(path: string): string {
  const clean = path.toLowerCase().replace(NON_WORD, '_').replace(EDGE_UNDERSCORES, '');
  return clean === '' ? 'unknown' : clean;
}

/** Builds the draft of one Zeek record of log type `path`. */
export function zeekDraft(path: string, record: ZeekRecord): Draft {
  const reader = new Reader(record);
  const base = common(reader);
  const name = datasetPath(path);
  const mapper = MAPPERS.get(name);
  const specific: EventFields = mapper === undefined ? { event: { action: `zeek-${name}` } } : mapper(reader);
  const merged = merge(base, specific) as EventFields;
  merged.labels = leftovers(reader, { ...base.labels, ...specific.labels });
  const ts = record.ts;
  return {
    time: typeof ts === 'number' || typeof ts === 'string' ? ts : undefined,
    timeIsUtc: true,
    dataset: `zeek.${name}`,
    fields: compact(merged),
  };
}

const EPOCH_TEXT = /^\d{1,12}(?:\.\d+)?$/;
const ISO_TEXT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** True when `ts` is absent or looks like a Zeek time (epoch seconds or ISO text). */
export function plausibleTs(ts: ZeekValue | undefined): boolean {
  if (ts === undefined) return true;
  if (typeof ts === 'number') return Number.isFinite(ts) && ts >= 0;
  return typeof ts === 'string' && (EPOCH_TEXT.test(ts) || ISO_TEXT.test(ts));
}

/** The Zeek logs both Zeek formats read, as Sigma logsources. */
export const ZEEK_LOGSOURCES: LogSource[] = ['conn', 'http', 'dns', 'ssh', 'ssl', 'files', 'notice', 'weird'].map((service) => ({ product: 'zeek', service }));
