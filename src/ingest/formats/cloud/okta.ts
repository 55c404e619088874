import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip } from '../../values.ts';
import { defineCloudFormat, type Json, matching, outcomeOf, recordLabels, text } from './record.ts';

/**
 * Okta System Log events (the System Log API's LogEvent, as exported or streamed): `eventType`, `displayMessage`,
 * the `actor`, the `client` (address, user agent), the `outcome` and the `target`s. Every leaf is a label.
 */

const SKIP_LABELS = new Set(['published']);

function isOktaEvent(record: Json): boolean {
  return typeof record.eventType === 'string' && typeof record.published === 'string' && isObject(record.actor) && (record.uuid !== undefined || record.displayMessage !== undefined);
}

function categoryOf(eventType: string): Pick<NonNullable<EventFields['event']>, 'category' | 'type'> {
  if (eventType === 'user.session.start') return { category: ['authentication', 'session'], type: ['start'] };
  if (eventType === 'user.session.end') return { category: ['session'], type: ['end'] };
  if (/^(?:user\.(?:account|lifecycle)|group|application\.user_membership|system\.api_token|user\.mfa\.factor)\./.test(eventType)) {
    const type = /deactivate|delete|remove|revoke/.test(eventType) ? 'deletion' : /create|add|activate|enroll/.test(eventType) ? 'creation' : 'change';
    return { category: ['iam'], type: [type] };
  }
  if (/^user\.(?:authentication|mfa)\./.test(eventType)) return { category: ['authentication'], type: ['info'] };
  if (/^(?:policy|system|application\.lifecycle|zone|security)\./.test(eventType)) return { category: ['configuration'], type: ['change'] };
  return {};
}

/** The first target that is a user: who a user-administration event acts on. */
function targetUser(record: Json): string | undefined {
  const targets = record.target;
  if (!Array.isArray(targets)) return undefined;
  for (const target of targets as unknown[]) if (isObject(target) && target.type === 'User') return text(target, 'alternateId') ?? text(target, 'displayName');
  return undefined;
}

function read(value: Json): Draft {
  const eventType = text(value, 'eventType')!;
  const actorIsUser = text(value, 'actor.type') === 'User';
  const fields: EventFields = {
    message: text(value, 'displayMessage'),
    event: { provider: 'okta', action: eventType, outcome: outcomeOf(text(value, 'outcome.result')), reason: text(value, 'outcome.reason'), ...categoryOf(eventType) },
    source: { ip: ip(text(value, 'client.ipAddress')) },
    user: {
      name: actorIsUser ? text(value, 'actor.alternateId') : (text(value, 'actor.displayName') ?? text(value, 'actor.alternateId')),
      id: text(value, 'actor.id'),
      target: { name: targetUser(value) },
    },
    user_agent: { original: text(value, 'client.userAgent.rawUserAgent') },
    labels: recordLabels(value, SKIP_LABELS),
  };
  return { time: text(value, 'published'), dataset: 'okta.system', fields: compact(fields) };
}

export const oktaFormat = defineCloudFormat({
  id: 'okta',
  title: 'Okta System Log',
  description: 'Okta System Log events (JSON): sign-ins, MFA, user and group administration, policy changes',
  select: matching(isOktaEvent),
  read,
  logsources: [{ product: 'okta', service: 'okta' }],
});
