import type { EventFields } from '../../../schema/event.ts';
import { compact, ip, setOwn, str } from '../../values.ts';
import { urlFields } from './http.ts';

/**
 * The alerts the ModSecurity web application firewall (v2 in Apache's error log, libmodsecurity v3 in nginx's) and
 * Coraza write: `ModSecurity: Access denied with code 403 (phase 2). Pattern match "…" at ARGS:id. [file "…"]
 * [line "…"] [id "942100"] [msg "SQL Injection Attack Detected via libinjection"] [data "Matched Data: …"]
 * [severity "CRITICAL"] [ver "OWASP_CRS/3.3.0"] [tag "attack-sqli"] … [hostname "…"] [uri "/index.php"]
 * [unique_id "…"]`. The rule is the alert's `rule` (its OWASP CRS `attack-*` tag as the category, the way an IDS
 * alert's classification is), a denial is `event.type: denied` with its status code, the URI and host name are the
 * request's.
 */

/** libmodsecurity and Coraza put the client before the engine's name (`[client 1.2.3.4] ModSecurity: …`, `[client "…"]`). */
const HEAD = /^(?:\[client "?([^\]"\s]{1,80})"?\] )?(ModSecurity|Coraza): ([^.]{1,120})\.\s/;
const DENIED = /^Access denied(?: with code (\d{3}))?/;
const PHASE = /\(phase (\d)\)/;
const PAIR_START = /\[([a-z_]{1,20}) "/g;
/** What may follow the pairs: nothing, or nginx's ` while sending to client`. */
const TAIL = /^\s*(?:while [a-z ]{1,60})?$/;
/** The pairs of an alert, at most. */
const MAX_PAIRS = 64;
const SEVERITIES: Readonly<Record<string, number>> = { EMERGENCY: 0, ALERT: 1, CRITICAL: 2, ERROR: 3, WARNING: 4, NOTICE: 5, INFO: 6, DEBUG: 7 };

interface Pair {
  key: string;
  value: string;
  end: number;
}

/** The end of a value opened at `from`: its closing `"]`, past backslash escapes; -1 when it never closes. */
function valueEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22 && text.charCodeAt(i + 1) === 0x5d) return i;
  }
  return -1;
}

/**
 * The `[key "value"]` pairs that end the message, one after the other. Pairs found earlier (in the matched value the
 * message quotes, which the client chose) are not the alert's: only the run that reaches the end (or nginx's `while
 * …` phrase) is kept.
 */
function trailingPairs(text: string): Pair[] {
  let run: Pair[] = [];
  PAIR_START.lastIndex = 0;
  // Each pair is read once, from where the previous one ended: linear in the message, however many pairs it holds.
  for (let m = PAIR_START.exec(text); m !== null; m = PAIR_START.exec(text)) {
    const from = PAIR_START.lastIndex;
    const end = valueEnd(text, from);
    if (end < 0) break;
    const previous = run[run.length - 1];
    if (previous === undefined || text.slice(previous.end, m.index).trim() !== '') run = [];
    run.push({ key: m[1]!, value: text.slice(from, end), end: end + 2 });
    PAIR_START.lastIndex = end + 2;
  }
  const last = run[run.length - 1];
  // A real alert has about twenty pairs, the last ones: more before them joined the run from the quoted value.
  return last !== undefined && TAIL.test(text.slice(last.end)) ? run.slice(-MAX_PAIRS) : [];
}

/** A value as logged: ModSecurity writes quotes and control bytes as `\"` and `\xNN`. */
function unescaped(value: string): string {
  return value.replace(/\\(?:x([0-9a-fA-F]{2})|(["\\]))/g, (_, hex: string | undefined, char: string | undefined) => (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : char!));
}

function severityOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^[0-7]$/.test(value)) return Number(value);
  const upper = value.toUpperCase();
  return Object.hasOwn(SEVERITIES, upper) ? SEVERITIES[upper] : undefined;
}

/** A rule an alert names: its id, message, first OWASP CRS `attack-*` tag, severity and tags. */
export interface WafRule {
  id: string;
  name?: string;
  category?: string;
  severity?: number;
  tags: string[];
}

export function wafRule(id: string, name: string | undefined, tags: string[], severity: string | undefined): WafRule {
  return { id, name: str(name), category: tags.find((tag) => tag.startsWith('attack-')), severity: severityOf(severity), tags };
}

/** An alert as its message says it: the rule, the verdict, and the pairs that are not the rule's. */
export interface WafMessage {
  rule: WafRule;
  engine: string;
  verdict: string;
  status?: number;
  denied: boolean;
  client?: string;
  pairs: ReadonlyMap<string, string>;
}

/** The alert a message holds (`ModSecurity: …` or `Coraza: …`), or undefined when it holds none (no rule id). */
export function wafMessage(message: string): WafMessage | undefined {
  const head = HEAD.exec(message);
  if (head === null) return undefined;
  const pairs = new Map<string, string>();
  const tags: string[] = [];
  for (const pair of trailingPairs(message)) {
    const value = unescaped(pair.value);
    if (pair.key === 'tag') tags.push(value);
    else pairs.set(pair.key, value);
  }
  const id = str(pairs.get('id'));
  if (id === undefined) return undefined;
  const [, client, engine = '', verdict = ''] = head;
  const denied = DENIED.exec(verdict);
  return { rule: wafRule(id, pairs.get('msg'), tags, pairs.get('severity')), engine: engine.toLowerCase(), verdict, denied: denied !== null, status: denied?.[1] === undefined ? undefined : Number(denied[1]), client, pairs };
}

/** The fields of a web application firewall alert, or undefined when the message is not one (no rule id). */
export function modsecurityAlert(message: string): EventFields | undefined {
  const alert = wafMessage(message);
  if (alert === undefined) return undefined;
  const { rule, pairs, verdict, denied } = alert;
  const uri = str(pairs.get('uri'));
  const labels: Record<string, string> = {};
  const label = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') setOwn(labels, `waf.${key}`, value);
  };
  label('engine', alert.engine);
  label('verdict', verdict);
  label('phase', PHASE.exec(verdict)?.[1]);
  for (const key of ['data', 'file', 'line', 'ver', 'unique_id', 'rev', 'maturity', 'accuracy']) label(key, pairs.get(key));
  if (rule.tags.length > 0) label('tags', rule.tags.join(', '));
  return {
    event: { category: ['web', 'intrusion_detection'], type: [denied ? 'denied' : 'info'], action: denied ? 'waf-blocked' : 'waf-alert', severity: rule.severity },
    rule: { id: rule.id, name: rule.name, category: rule.category },
    source: { ip: ip(alert.client) },
    url: compact({ ...(uri?.startsWith('/') === true ? urlFields(uri) : {}), domain: str(pairs.get('hostname')) }),
    http: alert.status === undefined ? undefined : { response: { status_code: alert.status } },
    labels,
  };
}

/** A record's fields with the alert its message holds, if it holds one. */
export function withWafAlert(fields: EventFields, message: string | undefined): EventFields {
  const alert = message === undefined ? undefined : modsecurityAlert(message);
  if (alert === undefined) return fields;
  const merged: EventFields = {
    ...fields,
    event: { ...fields.event, ...alert.event, severity: alert.event?.severity ?? fields.event?.severity },
    rule: alert.rule,
    labels: { ...fields.labels, ...alert.labels },
  };
  if (fields.source?.ip === undefined && alert.source?.ip !== undefined) merged.source = { ...fields.source, ip: alert.source.ip };
  // nginx's request line names the whole URL; the alert's URI has no query.
  const found = alert.url ?? {};
  if (fields.url?.original === undefined) {
    if (Object.keys(found).length > 0) merged.url = { ...fields.url, ...found };
  }
  else if (fields.url.domain === undefined && alert.url?.domain !== undefined) merged.url = { ...fields.url, domain: alert.url.domain };
  const status = alert.http?.response?.status_code;
  if (status !== undefined) merged.http = { ...fields.http, response: { ...fields.http?.response, status_code: status } };
  return merged;
}
