import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ipOrDomain, num } from '../../values.ts';
import { at, defineCloudFormat, type Json, matching, recordLabels, text } from './record.ts';

/**
 * Bitbucket Data Center / Server audit log records (Atlassian's audit format, one JSON object per line in
 * `audit/*.log`): `auditType` (`category`, `action`), the `author`, its `source` address, `affectedObjects` and
 * `changedValues`, and a `timestamp` of `epochSecond` + `nano`. Every leaf is a label.
 */

const SKIP_LABELS = new Set(['timestamp.epochSecond', 'timestamp.nano']);

function isBitbucketAudit(record: Json): boolean {
  const type = record.auditType;
  return isObject(type) && typeof type.action === 'string' && typeof type.category === 'string' && isObject(record.author) && record.timestamp !== undefined;
}

function timeOf(record: Json): string | number | undefined {
  const seconds = num(at(record, 'timestamp.epochSecond'));
  if (seconds !== undefined) return new Date(seconds * 1000 + Math.floor((num(at(record, 'timestamp.nano')) ?? 0) / 1e6)).toISOString();
  const plain = at(record, 'timestamp');
  return typeof plain === 'number' || typeof plain === 'string' ? plain : undefined;
}

function categoryOf(category: string, action: string): Pick<NonNullable<EventFields['event']>, 'category' | 'type' | 'outcome'> {
  if (/authentication|login/i.test(category) || /login|logged in/i.test(action)) {
    return { category: ['authentication'], type: ['start'], outcome: /fail|denied|invalid/i.test(action) ? 'failure' : 'success' };
  }
  const type = /remov|delet|revok/i.test(action) ? 'deletion' : /add|creat|grant/i.test(action) ? 'creation' : 'change';
  if (/permission|users? and groups|user management|group/i.test(category)) return { category: ['iam'], type: [type] };
  return { category: ['configuration'], type: [type] };
}

function read(value: Json): Draft {
  const action = text(value, 'auditType.action')!;
  const fields: EventFields = {
    event: { provider: 'bitbucket', action, ...categoryOf(text(value, 'auditType.category')!, action) },
    source: ipOrDomain(text(value, 'source')),
    user: { name: text(value, 'author.name'), id: text(value, 'author.id') },
    host: { name: text(value, 'node') },
    labels: recordLabels(value, SKIP_LABELS),
  };
  return { time: timeOf(value), dataset: 'bitbucket.audit', fields: compact(fields) };
}

export const bitbucketAuditFormat = defineCloudFormat({
  id: 'bitbucket-audit',
  title: 'Bitbucket audit log',
  description: 'Bitbucket Data Center / Server audit log records (Atlassian audit JSON): permission, user, repository and security changes',
  select: matching(isBitbucketAudit),
  read,
  logsources: [{ product: 'bitbucket', service: 'audit' }],
});
