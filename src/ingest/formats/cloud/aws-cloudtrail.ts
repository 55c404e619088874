import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ipOrDomain } from '../../values.ts';
import { apiCallType, at, defineCloudFormat, firstText, type Json, recordLabels, text } from './record.ts';

/**
 * AWS CloudTrail records: one JSON object per API call or console sign-in, as CloudTrail writes them to S3
 * (`{"Records":[…]}`, the JSON framing unwraps it), as JSON lines (CloudWatch Logs, Lake exports), or inside an
 * EventBridge event (`detail`). Who called (`userIdentity`), from where (`sourceIPAddress`, `userAgent`), what
 * (`eventSource`, `eventName`) and whether it worked (`errorCode`, or the console login's response). Every leaf
 * is also kept as a label under CloudTrail's own name.
 */

const SKIP_LABELS = new Set(['eventTime']);
/** Calls that authenticate someone: console sign-ins and STS credentials. */
const SIGN_IN = new Set(['ConsoleLogin', 'CheckMfa', 'SwitchRole', 'ExternalIdPDirectoryLogin', 'UserAuthentication', 'CredentialVerification']);
const STS_AUTH = /^(?:AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|AssumeRoot|GetSessionToken|GetFederationToken)$/;
const IAM_SOURCES = new Set(['iam.amazonaws.com', 'identitystore.amazonaws.com', 'sso.amazonaws.com', 'sso-directory.amazonaws.com']);

function isCloudTrail(record: Json): boolean {
  return typeof record.eventSource === 'string' && typeof record.eventName === 'string' && typeof record.eventTime === 'string'
    && (record.eventVersion !== undefined || record.awsRegion !== undefined || record.userIdentity !== undefined);
}

/** The CloudTrail record itself, or the one an EventBridge event carries in `detail`. */
function trailRecord(value: Json): Json | undefined {
  if (isCloudTrail(value)) return value;
  const detail = value.detail;
  return isObject(detail) && isCloudTrail(detail) ? detail : undefined;
}

/** The acting identity's name: the IAM user, an assumed role's session, the role behind it, or root. */
function userName(record: Json): string | undefined {
  const type = text(record, 'userIdentity.type');
  const named = text(record, 'userIdentity.userName');
  if (named !== undefined) return named;
  const arn = text(record, 'userIdentity.arn');
  if ((type === 'AssumedRole' || type === 'FederatedUser') && arn !== undefined && /^arn:aws[\w-]*:sts::/.test(arn)) {
    const session = arn.slice(arn.lastIndexOf('/') + 1);
    if (session !== '') return session;
  }
  if (type === 'Root') return 'root';
  return firstText(record, ['userIdentity.sessionContext.sessionIssuer.userName', 'userIdentity.invokedBy']);
}

function outcomeOf(record: Json): 'success' | 'failure' {
  if (text(record, 'errorCode') !== undefined) return 'failure';
  const login = text(record, 'responseElements.ConsoleLogin');
  return login !== undefined && login !== 'Success' ? 'failure' : 'success';
}

function eventOf(record: Json, name: string, source: string): EventFields['event'] {
  const outcome = outcomeOf(record);
  const reason = firstText(record, ['errorMessage', 'errorCode']);
  const common = { provider: source, action: name, outcome, reason };
  if ((source === 'signin.amazonaws.com' && SIGN_IN.has(name)) || (source === 'sts.amazonaws.com' && STS_AUTH.test(name))) {
    return { ...common, category: ['authentication'], type: ['start'] };
  }
  const type = apiCallType(name);
  if (IAM_SOURCES.has(source)) {
    const subject = /User(?!Pool)|LoginProfile|AccessKey|MFADevice/.test(name) ? 'user' : /Group/.test(name) ? 'group' : undefined;
    return { ...common, category: ['iam'], type: subject === undefined ? type : [subject, ...(type ?? [])] };
  }
  const readOnly = at(record, 'readOnly');
  return { ...common, category: readOnly === true ? undefined : ['configuration'], type };
}

function read(record: Json): Draft {
  const name = text(record, 'eventName')!;
  const source = text(record, 'eventSource')!;
  const fields: EventFields = {
    event: eventOf(record, name, source),
    source: ipOrDomain(text(record, 'sourceIPAddress')),
    user: {
      name: userName(record),
      id: text(record, 'userIdentity.principalId'),
      // The user an IAM call acts on (CreateUser, AttachUserPolicy, CreateAccessKey…).
      target: { name: source === 'iam.amazonaws.com' ? text(record, 'requestParameters.userName') : undefined },
    },
    user_agent: { original: text(record, 'userAgent') },
    cloud: {
      provider: 'aws',
      region: text(record, 'awsRegion'),
      account: { id: firstText(record, ['recipientAccountId', 'userIdentity.accountId']) },
      service: { name: source.replace(/\.amazonaws\.com$/, '') },
    },
    labels: recordLabels(record, SKIP_LABELS),
  };
  return { time: text(record, 'eventTime'), dataset: 'aws.cloudtrail', fields: compact(fields) };
}

export const awsCloudTrailFormat = defineCloudFormat({
  id: 'aws-cloudtrail',
  title: 'AWS CloudTrail',
  description: 'AWS CloudTrail records: S3 files ({"Records":[…]}), JSON lines or EventBridge events; API calls and console sign-ins',
  select: trailRecord,
  read,
  logsources: [{ product: 'aws', service: 'cloudtrail' }],
});
