import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, int, ip, str } from '../../values.ts';
import { at, defineCloudFormat, firstText, type Json, matching, recordLabels, text } from './record.ts';

/**
 * Kubernetes API server audit events (`"kind":"Event","apiVersion":"audit.k8s.io/v1"`), one JSON object per line
 * as the log backend writes them (also v1beta1). Who (`user.username`, impersonation), from where (`sourceIPs`),
 * what (`verb` on `objectRef`), and the answer (`responseStatus.code`, the authorizer's decision). The leaves of
 * the request are labels; the response object and kubectl's managed-field bookkeeping are not (the original
 * record keeps them).
 */

const TYPES: ReadonlyMap<string, string> = new Map([
  ['create', 'creation'], ['update', 'change'], ['patch', 'change'], ['delete', 'deletion'], ['deletecollection', 'deletion'],
  ['get', 'access'], ['list', 'access'], ['watch', 'access'],
]);
const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const IAM_GROUPS = new Set(['rbac.authorization.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io']);
const NOT_LABELS = /^(?:responseObject\.|requestObject\.metadata\.managedFields|requestObject\.metadata\.annotations\.kubectl\.kubernetes\.io\/last-applied-configuration$|requestReceivedTimestamp$|stageTimestamp$)/;

function isKubernetesAudit(record: Json): boolean {
  return record.kind === 'Event' && typeof record.apiVersion === 'string' && record.apiVersion.startsWith('audit.k8s.io/');
}

/** An audit annotation: its key holds dots (`authorization.k8s.io/decision`). */
function annotation(record: Json, key: string): string | undefined {
  const annotations = record.annotations;
  return isObject(annotations) && Object.hasOwn(annotations, key) ? str(annotations[key]) : undefined;
}

function eventOf(record: Json, verb: string | undefined): EventFields['event'] {
  const code = int(at(record, 'responseStatus.code'));
  const decision = annotation(record, 'authorization.k8s.io/decision');
  const failed = (code !== undefined && code >= 400) || decision === 'forbid';
  const group = text(record, 'objectRef.apiGroup');
  const resource = text(record, 'objectRef.resource');
  const iam = (group !== undefined && IAM_GROUPS.has(group)) || resource === 'serviceaccounts' || resource === 'serviceaccounts/token';
  const type = verb === undefined ? undefined : TYPES.get(verb);
  return {
    provider: 'kube-apiserver',
    action: verb,
    outcome: code === undefined && decision === undefined ? undefined : failed ? 'failure' : 'success',
    reason: failed ? (firstText(record, ['responseStatus.message', 'responseStatus.reason']) ?? annotation(record, 'authorization.k8s.io/reason')) : undefined,
    category: iam ? ['iam'] : verb !== undefined && MUTATING.has(verb) ? ['configuration'] : undefined,
    type: type === undefined ? undefined : [type],
  };
}

/** The first source address (the client; proxies come after it). */
function sourceOf(record: Json): EventFields['source'] {
  const list = at(record, 'sourceIPs');
  return { ip: ip(Array.isArray(list) ? (list as unknown[])[0] : undefined) };
}

function read(value: Json): Draft {
  const verb = text(value, 'verb');
  const fields: EventFields = {
    event: eventOf(value, verb),
    source: sourceOf(value),
    user: { name: text(value, 'user.username'), id: text(value, 'user.uid'), effective: { name: text(value, 'impersonatedUser.username') } },
    user_agent: { original: text(value, 'userAgent') },
    url: { original: text(value, 'requestURI') },
    http: { response: { status_code: int(at(value, 'responseStatus.code')) } },
    labels: recordLabels(value, (path) => NOT_LABELS.test(path)),
  };
  const time = firstText(value, ['requestReceivedTimestamp', 'stageTimestamp', 'timestamp', 'metadata.creationTimestamp']);
  return { time, dataset: 'kubernetes.audit', fields: compact(fields) };
}

export const kubernetesAuditFormat = defineCloudFormat({
  id: 'kubernetes-audit',
  title: 'Kubernetes audit log',
  description: 'Kubernetes API server audit events (audit.k8s.io), one JSON object per line: verb, object, user, source, response',
  select: matching(isKubernetesAudit),
  read,
  logsources: [{ product: 'kubernetes', service: 'audit' }],
});
