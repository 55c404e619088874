import type { EventFields, Outcome } from '../../schema/event.ts';
import { isObject, type Draft } from '../format.ts';
import { compact, ip, num, str } from '../values.ts';
import { defineCloudFormat, firstText, recordLabels, text, type Json } from './cloud/record.ts';
import { login } from './services/login.ts';
import { requestFields, statusOutcome } from './web/http.ts';

/**
 * GitLab's structured logs (/var/log/gitlab/gitlab-rails/*.json): the Rails and Grape request logs
 * (production_json.log, api_json.log: `method`, `path`, `status`, `remote_ip`, `correlation_id`, filtered `params`)
 * and the audit log's failed logins (audit_json.log: `failed_login`). A sign-in is told by its route and outcome:
 * `POST /users/sign_in` (SessionsController#create) redirects (302) when it succeeds and is thrown (status 0) or
 * re-rendered when it fails; an OmniAuth callback (`/users/auth/<provider>/callback`, LDAP among them) fails in its
 * `failure` action. The login comes from the filtered parameters (`user[login]`, `username`), which keep names but
 * never passwords.
 */

const SIGN_IN = /^\/users\/(?:sign_in|auth\/[\w-]{1,64}\/callback)$/;
const MAPPED = new Set(['time', 'remote_ip', 'method', 'path', 'status', 'ua', 'username', 'user_id', 'route']);

function isRequest(record: Json): boolean {
  return typeof record.correlation_id === 'string' && typeof record.method === 'string' && typeof record.path === 'string' && (typeof record.controller === 'string' || typeof record.route === 'string');
}

function isFailedLoginAudit(record: Json): boolean {
  return typeof record.failed_login === 'string' && (typeof record.author_name === 'string' || typeof record.target_details === 'string');
}

/** A parameter of the filtered `params` list (`[{"key":"user","value":{"login":"bob"}}]`), by key. */
function param(record: Json, key: string): unknown {
  const params = record.params;
  if (!Array.isArray(params)) return undefined;
  for (const entry of params as unknown[]) if (isObject(entry) && entry.key === key) return entry.value;
  return undefined;
}

/** The account a sign-in names: `user[login]` (or `user[email]`) for passwords, `username` for LDAP. */
function signInUser(record: Json, userParam: unknown): string | undefined {
  return firstText(userParam, ['login', 'email', 'username']) ?? str(param(record, 'username'));
}

function signInOutcome(record: Json, status: number | undefined): Outcome {
  if (record.controller === 'OmniauthCallbacksController') return record.action === 'failure' ? 'failure' : 'success';
  return status === 302 ? 'success' : 'failure';
}

function request(record: Json): Draft {
  const status = num(record.status);
  const path = text(record, 'path');
  const { url, http } = requestFields({ method: text(record, 'method'), target: path });
  const source = { ip: ip(record.remote_ip) };
  const base: EventFields = {
    url,
    http: { ...http, response: { status_code: status === 0 ? undefined : status } },
    user_agent: { original: text(record, 'ua') },
    user: { name: firstText(record, ['username', 'meta.user']), id: text(record, 'user_id') },
    labels: recordLabels(record, MAPPED),
  };
  let fields: EventFields;
  if (record.method === 'POST' && path !== undefined && SIGN_IN.test(path)) {
    const outcome = signInOutcome(record, status);
    const userParam = param(record, 'user');
    const twoFactor = isObject(userParam) && firstText(userParam, ['otp_attempt', 'device_response']) !== undefined;
    const attempt = login({ outcome, user: signInUser(record, userParam), source, reason: outcome === 'failure' ? (twoFactor ? 'two-factor code rejected' : 'invalid login or password') : undefined });
    fields = { ...base, ...attempt, user: { ...base.user, ...attempt.user }, labels: { ...base.labels, ...attempt.labels } };
  } else {
    fields = { ...base, event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) }, source };
  }
  fields.event = { ...fields.event, provider: 'gitlab' };
  // Grape's API requests (api_json.log) name their route; Rails' (production_json.log) their controller.
  return { time: text(record, 'time'), dataset: typeof record.route === 'string' ? 'gitlab.api' : 'gitlab.requests', fields: compact(fields) };
}

function failedLoginAudit(record: Json): Draft {
  const method = text(record, 'failed_login');
  const fields: EventFields = {
    ...login({ outcome: 'failure', user: firstText(record, ['author_name', 'target_details']), source: { ip: ip(record.ip_address) }, reason: method === undefined ? undefined : `failed ${method.toLowerCase()} login` }),
    message: text(record, 'custom_message'),
  };
  fields.event = { ...fields.event, provider: 'gitlab' };
  fields.labels = { ...fields.labels, ...recordLabels(record, new Set(['time', 'ip_address', 'author_name'])) };
  return { time: text(record, 'time'), dataset: 'gitlab.audit', fields: compact(fields) };
}

export const gitlabFormat = defineCloudFormat({
  id: 'gitlab',
  title: 'GitLab request and audit logs',
  description: "GitLab's JSON logs: Rails and API requests (production_json.log, api_json.log) with sign-ins read as logins (password, two-factor and LDAP/OmniAuth, the account from the filtered parameters), and the audit log's failed logins",
  select: (record) => (isRequest(record) ? { kind: 'request' as const, record } : isFailedLoginAudit(record) ? { kind: 'audit' as const, record } : undefined),
  read: ({ kind, record }) => (kind === 'request' ? request(record) : failedLoginAudit(record)),
  logsources: [{ product: 'gitlab' }, { category: 'webserver' }, { category: 'authentication' }],
});
