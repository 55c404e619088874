import type { EventFields } from '../../../schema/event.ts';
import type { Draft } from '../../format.ts';
import { compact, ip, setOwn, str } from '../../values.ts';
import { hostOf, parseRequestLine, statusOutcome, urlFields } from './http.ts';
import type { WafRule } from './modsecurity.ts';

/**
 * One request as a web application firewall's audit log records it (ModSecurity's native and JSON audit logs): the
 * connection, the request line and headers, the response status, the rules that matched and whether the request was
 * stopped. It becomes one event: the request's fields, and the rule that says most about it as the alert's rule
 * (an attack class before the anomaly score's verdict, then the most severe); every rule's id and message are labels.
 */

export interface WafTransaction {
  time?: string;
  /** True when the time is UTC or names its zone. */
  timeIsUtc?: boolean;
  id?: string;
  client?: string;
  clientPort?: number;
  server?: string;
  serverPort?: number;
  requestLine?: string;
  method?: string;
  uri?: string;
  version?: string;
  /** Request headers, names in lower case. */
  headers: ReadonlyMap<string, string>;
  status?: number;
  rules: WafRule[];
  intercepted: boolean;
  producer?: string;
  requestBody?: string;
}

/** The part of a request body kept as a label: enough to see a payload. */
const MAX_BODY = 4096;

/** The rule that says most: an attack class other than the anomaly score's, then the lowest severity number. */
function primaryRule(rules: readonly WafRule[]): WafRule | undefined {
  const rank = (rule: WafRule) => (rule.category !== undefined && rule.category !== 'attack-generic' ? 0 : 1) * 10 + (rule.severity ?? 8);
  let best: WafRule | undefined;
  for (const rule of rules) if (best === undefined || rank(rule) < rank(best)) best = rule;
  return best;
}

function request(t: WafTransaction): { method?: string; target?: string; version?: string } {
  if (t.requestLine !== undefined) {
    const line = parseRequestLine(t.requestLine);
    if (line.problem === undefined) return { method: line.method, target: line.target, version: line.version };
  }
  return { method: str(t.method), target: str(t.uri), version: str(t.version)?.replace(/^HTTP\//i, '') };
}

export function transactionDraft(t: WafTransaction, dataset: string): Draft {
  const { method, target, version } = request(t);
  const rule = primaryRule(t.rules);
  const labels: Record<string, string> = {};
  const label = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') setOwn(labels, `waf.${key}`, value);
  };
  label('transaction_id', t.id);
  label('producer', t.producer);
  label('rules', t.rules.map((r) => (r.name === undefined ? r.id : `${r.id} ${r.name}`)).join('; '));
  label('tags', [...new Set(t.rules.flatMap((r) => r.tags))].join(', '));
  label('request_body', t.requestBody?.slice(0, MAX_BODY));
  const host = t.headers.get('host');
  const fields: EventFields = {
    event: {
      category: rule === undefined ? ['web'] : ['web', 'intrusion_detection'],
      // A request like an access log's (the webserver rules read it), and denied when the firewall stopped it.
      type: t.intercepted ? ['access', 'denied'] : ['access'],
      action: t.intercepted ? 'waf-blocked' : rule === undefined ? 'http-request' : 'waf-alert',
      outcome: statusOutcome(t.status),
      severity: rule?.severity,
    },
    rule: rule === undefined ? undefined : { id: rule.id, name: rule.name, category: rule.category },
    source: { ip: ip(t.client), port: t.clientPort },
    destination: { ip: ip(t.server), port: t.serverPort },
    url: { ...urlFields(target), domain: hostOf(str(host)) },
    http: { version, request: { method, referrer: str(t.headers.get('referer')) }, response: { status_code: t.status } },
    user_agent: { original: str(t.headers.get('user-agent')) },
    labels,
  };
  // Indicators come from the request, not from the producer's banner or the response body the record also holds.
  const said = [t.client, t.server, [method, target, version].filter((part) => part !== undefined).join(' '), ...[...t.headers].map(([name, value]) => `${name}: ${value}`), t.requestBody?.slice(0, MAX_BODY)];
  const draft: Draft = { dataset, fields: compact(fields), indicatorText: said.filter((part) => part !== undefined && part !== '').join('\n') };
  if (t.time !== undefined) draft.time = t.time;
  if (t.timeIsUtc === true) draft.timeIsUtc = true;
  return draft;
}
