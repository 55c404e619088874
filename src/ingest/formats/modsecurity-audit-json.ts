import { defineFormat, events, isObject, reject, valueShare, type FormatParser, type Sample } from '../format.ts';
import { int, ownStr, str } from '../values.ts';
import { wafMessage, wafRule, type WafRule } from './web/modsecurity.ts';
import { transactionDraft, type WafTransaction } from './web/waf-transaction.ts';

/**
 * ModSecurity's audit log in JSON (`SecAuditLogFormat JSON`), one request per record:
 * - ModSecurity 2: `transaction` (`time`, `transaction_id`, `remote_address`/`remote_port`, `local_address`/…),
 *   `request.request_line` and `headers`, `response.status`, `audit_data.messages` (the error log's words, with the
 *   `[id "…"]` pairs) and `audit_data.action.intercepted`;
 * - libmodsecurity 3: everything under `transaction` (`client_ip`, `time_stamp` in ctime layout, `host_ip`,
 *   `unique_id`, `request.method`/`uri`/`http_version`/`headers`, `response.http_code`), and `messages` as objects
 *   (`message`, `details.ruleId`, `severity`, `tags`).
 * Each record is one event (`web/waf-transaction.ts`).
 */

type Json = Readonly<Record<string, unknown>>;

function child(value: Json, key: string): Json | undefined {
  const found = Object.hasOwn(value, key) ? value[key] : undefined;
  return isObject(found) ? found : undefined;
}

function isAuditRecord(value: Json): boolean {
  const transaction = child(value, 'transaction');
  if (transaction === undefined) return false;
  return transaction.transaction_id !== undefined || transaction.unique_id !== undefined
    || (transaction.client_ip !== undefined && (transaction.time_stamp !== undefined || isObject(transaction.request)));
}

/** Header names in lower case; values as text. */
function headersOf(value: unknown): Map<string, string> {
  const headers = new Map<string, string>();
  if (!isObject(value)) return headers;
  for (const [name, header] of Object.entries(value)) {
    const text = str(header);
    if (text !== undefined && headers.size < 200) headers.set(name.toLowerCase(), text);
  }
  return headers;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** libmodsecurity's message objects. */
function v3Rules(messages: unknown[]): WafRule[] {
  const rules: WafRule[] = [];
  for (const message of messages) {
    if (!isObject(message)) continue;
    const details = isObject(message.details) ? message.details : {};
    const id = str(details.ruleId);
    if (id === undefined) continue;
    const tags = list(details.tags).map(str).filter((tag): tag is string => tag !== undefined);
    rules.push(wafRule(id, str(message.message), tags, str(details.severity)));
  }
  return rules;
}

function transactionOf(value: Json): WafTransaction {
  const t = child(value, 'transaction') ?? {};
  const v3Request = child(t, 'request');
  if (v3Request !== undefined || t.client_ip !== undefined) {
    const response = child(t, 'response') ?? {};
    const rules = v3Rules(list(t.messages));
    const status = int(response.http_code);
    return {
      time: str(t.time_stamp), id: str(t.unique_id), client: str(t.client_ip), clientPort: int(t.client_port), server: str(t.host_ip), serverPort: int(t.host_port),
      method: str(v3Request?.method), uri: str(v3Request?.uri), version: str(v3Request?.http_version), headers: headersOf(v3Request?.headers),
      status, rules,
      // libmodsecurity records no verdict: a 403 (or other denial code) with a rule that matched is the intercept.
      intercepted: rules.length > 0 && status !== undefined && status >= 400,
      producer: ownStr(child(t, 'producer') ?? {}, 'modsecurity'), requestBody: str(v3Request?.body),
    };
  }
  const request = child(value, 'request') ?? {};
  const response = child(value, 'response') ?? {};
  const audit = child(value, 'audit_data') ?? {};
  const rules: WafRule[] = [];
  let intercepted = child(audit, 'action')?.intercepted === true;
  for (const message of list(audit.messages)) {
    const alert = typeof message === 'string' ? wafMessage(`ModSecurity: ${message}`) : undefined;
    if (alert === undefined) continue;
    rules.push(alert.rule);
    intercepted ||= alert.denied;
  }
  return {
    time: str(t.time), id: str(t.transaction_id), client: str(t.remote_address), clientPort: int(t.remote_port), server: str(t.local_address), serverPort: int(t.local_port),
    requestLine: str(request.request_line), headers: headersOf(request.headers), status: int(response.status), rules, intercepted,
    producer: list(audit.producer).map(str).filter((p) => p !== undefined).join('; ') || undefined, requestBody: list(request.body).map(str).join('\n') || undefined,
  };
}

function createParser(): FormatParser {
  return {
    parse(record) {
      if (!isObject(record.value) || !isAuditRecord(record.value)) return reject('not a ModSecurity audit record');
      return events(transactionDraft(transactionOf(record.value), 'modsecurity.audit'));
    },
  };
}

export const modsecurityAuditJsonFormat = defineFormat({
  id: 'modsecurity-audit-json',
  title: 'ModSecurity audit log (JSON)',
  description: "ModSecurity 2's and libmodsecurity 3's JSON audit log: each request with its endpoints, request, status, the rules that matched and whether it was intercepted",
  framing: 'json',
  sniff: (sample: Sample) => {
    const share = valueShare(sample, isAuditRecord);
    return share < 0.5 ? 0 : 0.93 * share;
  },
  createParser,
  logsources: [],
});
