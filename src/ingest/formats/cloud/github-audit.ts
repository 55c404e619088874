import type { EventFields } from '../../../schema/event.ts';
import { type Draft } from '../../format.ts';
import { compact, ip } from '../../values.ts';
import { at, defineCloudFormat, type Json, matching, recordLabels, text } from './record.ts';

/**
 * GitHub organization and enterprise audit log events (the audit log API, its JSON / CSV-less exports and audit
 * log streaming): `action` (`org.add_member`, `repo.destroy`, `git.clone`…), the `actor` and its address, the
 * `user` acted on, the `org`, `repo` or `business`. Times are epoch milliseconds. Every leaf is a label.
 */

const SKIP_LABELS = new Set(['@timestamp', 'created_at']);
const ACTION = /^[a-z_]+\.[a-z_.]+$/;

function isGithubAudit(record: Json): boolean {
  if (typeof record.action !== 'string' || !ACTION.test(record.action) || record.actor === undefined) return false;
  return record._document_id !== undefined || ((record.org !== undefined || record.business !== undefined) && (record['@timestamp'] !== undefined || record.created_at !== undefined));
}

function categoryOf(action: string): Pick<NonNullable<EventFields['event']>, 'category' | 'type'> {
  const type = /\.(?:create|add|invite|enable)/.test(action) ? 'creation' : /\.(?:destroy|delete|remove|disable)/.test(action) ? 'deletion' : 'change';
  if (/^(?:org|business|team)\.(?:add|remove|update)_(?:member|admin|owner)|^team\.|^org\.(?:invite|block|unblock)|^personal_access_token\.|^oauth_authorization\./.test(action)) return { category: ['iam'], type: [type] };
  if (/^(?:git|repo\.download_zip)/.test(action)) return { category: ['file'], type: ['access'] };
  if (/^(?:org|business|repo|protected_branch|repository_branch_protection_rule|hook|integration_installation|secret_scanning|dependabot|codespaces|actions|environment)/.test(action)) return { category: ['configuration'], type: [type] };
  return {};
}

/** `@timestamp` or `created_at`: epoch milliseconds (or seconds), or an ISO text. */
function timeOf(record: Json): string | number | undefined {
  for (const key of ['@timestamp', 'created_at']) {
    const found = at(record, key);
    if (typeof found === 'number' && Number.isFinite(found)) return found;
    if (typeof found === 'string' && found !== '') return /^\d{10,13}$/.test(found) ? Number(found) : found;
  }
  return undefined;
}

function read(value: Json): Draft {
  const action = text(value, 'action')!;
  const fields: EventFields = {
    event: { provider: 'github', action, ...categoryOf(action) },
    source: { ip: ip(text(value, 'actor_ip')) },
    user: { name: text(value, 'actor'), id: text(value, 'actor_id'), target: { name: text(value, 'user') } },
    user_agent: { original: text(value, 'user_agent') },
    labels: recordLabels(value, SKIP_LABELS),
  };
  return { time: timeOf(value), dataset: 'github.audit', fields: compact(fields) };
}

export const githubAuditFormat = defineCloudFormat({
  id: 'github-audit',
  title: 'GitHub audit log',
  description: 'GitHub organization and enterprise audit log events (JSON): membership, repository, token and settings changes, git access',
  select: matching(isGithubAudit),
  read,
  logsources: [{ product: 'github', service: 'audit' }],
});
