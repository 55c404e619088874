import { defineFormat, events, PENDING, reject, type Draft, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { HeldLines } from './held-lines.ts';
import { wafMessage, type WafRule } from './web/modsecurity.ts';
import { transactionDraft, type WafTransaction } from './web/waf-transaction.ts';

/**
 * ModSecurity's audit log in its native (serial) format, `modsec_audit.log`: each request a run of sections opened
 * by `--<boundary>-<letter>--` lines: A the time, transaction id and both endpoints, B the request line and headers,
 * C the request body, F the response status line, H the trailer (`Message:` lines, one per rule that matched, in
 * the error log's words; `Action: Intercepted`; the producer), Z the end. Each request is one event
 * (`web/waf-transaction.ts`); the other sections (response body, matched rules list) are kept in the original only.
 */

const BOUNDARY = /^--([0-9A-Za-z]{8,32})-([A-Z])--\s*$/;
const HEADER = /^\[([^\]]{10,40})\] (\S{1,64}) (\S{1,64}) (\d{1,5}) (\S{1,64}) (\d{1,5})\s*$/;
const STATUS = /^HTTP\/\S{1,8} (\d{3})\b/;
const FIELD = /^([A-Za-z0-9-]{1,64}):\s?(.*)$/;
/** A transaction's text kept as its original, at most (a response body can be large). */
const MAX_CHARS = 1024 * 1024;
/** Request body characters read, at most (the label keeps 4 KiB). */
const MAX_BODY = 4096;
/** Request headers kept, at most. */
const MAX_HEADERS = 200;

interface Open {
  boundary: string;
  section: string;
  held: HeldLines;
  transaction: WafTransaction & { headers: Map<string, string> };
  /** The request line is read; the lines after it are headers until an empty one. */
  requestLineSeen: boolean;
  body: string[];
  bodyChars: number;
  truncated: boolean;
}

function readHeader(open: Open, text: string): void {
  const m = HEADER.exec(text);
  if (m === null) return;
  const t = open.transaction;
  t.time = m[1];
  t.id = m[2];
  t.client = m[3];
  t.clientPort = Number(m[4]);
  t.server = m[5];
  t.serverPort = Number(m[6]);
}

function readRequest(open: Open, text: string): void {
  if (!open.requestLineSeen) {
    if (text.trim() === '') return;
    open.transaction.requestLine = text;
    open.requestLineSeen = true;
    return;
  }
  const field = FIELD.exec(text);
  if (field !== null && open.transaction.headers.size < MAX_HEADERS) open.transaction.headers.set(field[1]!.toLowerCase(), field[2]!.trim());
}

function readTrailer(open: Open, text: string, rules: WafRule[]): void {
  const field = FIELD.exec(text);
  if (field === null) return;
  const [, name = '', value = ''] = field;
  // ModSecurity 2 writes `Message: Warning. … [id "…"]`; libmodsecurity the error log's `ModSecurity: Warning. …`.
  const alert = name === 'Message' ? wafMessage(`ModSecurity: ${value}`) : name === 'ModSecurity' ? wafMessage(text) : undefined;
  if (alert !== undefined) {
    rules.push(alert.rule);
    if (alert.denied) open.transaction.intercepted = true;
    open.transaction.status ??= alert.status;
  } else if (name === 'Action' && /^Intercepted\b/.test(value)) open.transaction.intercepted = true;
  else if (name === 'Producer') open.transaction.producer = value.trim();
}

class ModsecurityAuditParser implements FormatParser {
  private open: Open | undefined;

  parse(record: RawRecord): ParseOutcome {
    const text = record.text;
    const boundary = BOUNDARY.exec(text);
    if (boundary !== null && boundary[2] === 'A') {
      // A new record: one left open (its Z never came) is read as it stands.
      const done = this.close();
      this.open = {
        boundary: boundary[1]!, section: 'A', held: new HeldLines(record, MAX_CHARS),
        transaction: { headers: new Map(), rules: [], intercepted: false },
        requestLineSeen: false, body: [], bodyChars: 0, truncated: false,
      };
      return done;
    }
    const open = this.open;
    if (open === undefined) return reject('not inside a ModSecurity audit record (no --boundary-A-- line before it)');
    if (!open.held.add(text)) open.truncated = true;
    if (boundary !== null && boundary[1] === open.boundary) {
      open.section = boundary[2]!;
      return open.section === 'Z' ? this.close() : PENDING;
    }
    this.readLine(open, text);
    return PENDING;
  }

  flush(): Draft[] {
    const done = this.close();
    return done.kind === 'events' ? done.drafts : [];
  }

  private readLine(open: Open, text: string): void {
    switch (open.section) {
      case 'A':
        readHeader(open, text);
        break;
      case 'B':
        readRequest(open, text);
        break;
      case 'C':
        if (open.bodyChars < MAX_BODY) {
          open.body.push(text);
          open.bodyChars += text.length + 1;
        }
        break;
      case 'F': {
        const status = STATUS.exec(text)?.[1];
        if (status !== undefined) open.transaction.status ??= Number(status);
        break;
      }
      case 'H':
        readTrailer(open, text, open.transaction.rules);
        break;
      default:
        break;
    }
  }

  private close(): ParseOutcome {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return PENDING;
    const t = open.transaction;
    if (open.body.length > 0) t.requestBody = open.body.join('\n');
    const draft = transactionDraft(t, 'modsecurity.audit');
    if (open.truncated) draft.fields.labels = { ...draft.fields.labels, 'waf.truncated': 'true' };
    return events(open.held.stamp(draft));
  }
}

function sniff(sample: Sample): number {
  const lines = sample.lines;
  for (let i = 0; i + 1 < lines.length; i++) {
    const boundary = BOUNDARY.exec(lines[i]!);
    if (boundary !== null && boundary[2] === 'A' && HEADER.test(lines[i + 1]!)) return 0.97;
  }
  return 0;
}

export const modsecurityAuditFormat = defineFormat({
  id: 'modsecurity-audit',
  title: 'ModSecurity audit log (native)',
  description:
    "ModSecurity's modsec_audit.log in its native serial format (--boundary-A-- sections): each request with its " +
    'endpoints, request line and headers, status, the rules that matched and whether it was intercepted',
  framing: 'lines',
  sniff,
  createParser: () => new ModsecurityAuditParser(),
  logsources: [],
});
