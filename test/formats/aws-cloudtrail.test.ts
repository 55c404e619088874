import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { eventOf, eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

/** CloudTrail records in each form they are delivered in, what lands in the schema, and what Sigma rules read of them. */

const temp = tempDirs('cloudtrail');
const AWS = { product: 'aws', service: 'cloudtrail' };

function call(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.09', eventTime: '2026-11-22T09:00:00Z', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.9', userAgent: 'aws-cli/2.15.0',
    userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/carol', accountId: '111122223333', userName: 'carol' },
    eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', requestParameters: { bucketName: 'finance' }, responseElements: null,
    eventID: 'e-1', readOnly: true, eventType: 'AwsApiCall', recipientAccountId: '111122223333', ...overrides,
  };
}

test("CloudTrail's S3 files (gzipped {\"Records\":[…]}) give one event per record, with its line", async () => {
  const records = [call({ eventName: 'ListBuckets' }), call({ eventName: 'PutBucketPolicy', readOnly: false, requestParameters: { bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } } })];
  const file = join(temp.fresh(), '111122223333_CloudTrail_eu-west-1_20261122T0900Z_abc.json.gz');
  writeFileSync(file, gzipSync(`{"Records":[${records.map((r) => JSON.stringify(r)).join(',\n')}]}`));
  const { events, errors, formats } = await collectEvents([file], { tz: 'UTC' });
  assert.deepEqual([errors, formats], [[], ['aws-cloudtrail']]);
  assert.deepEqual(events.map((e) => [e.event.action, e.log.line, e.event.category, e.event.type]), [['ListBuckets', 1, undefined, ['access']], ['PutBucketPolicy', 2, ['configuration'], ['creation']]]);
  assert.equal(read(events[1]!, AWS, 'requestParameters.bucketPolicy.Statement.Principal'), '*', 'a path through an array of objects');
  assert.match(String(read(events[1]!, AWS, 'requestParameters')), /"Effect":"Allow"/, 'an object is read as its JSON text');
});

test('identities: an assumed role is its session, root is root, and the user an IAM call acts on is the target', async () => {
  const events = await eventsOf('trail.jsonl', [
    call({ userIdentity: { type: 'AssumedRole', principalId: 'AROA1:jane@example.com', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane@example.com', sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin' } } }, eventSource: 'iam.amazonaws.com', eventName: 'AttachUserPolicy', readOnly: false, requestParameters: { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }),
    call({ userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } }),
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const [attach, root] = events;
  assert.deepEqual([attach?.user?.name, attach?.user?.target?.name, attach?.event.category, attach?.event.type], ['jane@example.com', 'mallory', ['iam'], ['user', 'creation']]);
  assert.equal(attach?.labels?.['userIdentity.sessionContext.sessionIssuer.userName'], 'Admin');
  assert.deepEqual([root?.user?.name, root?.event.outcome, root?.event.category], ['root', 'success', ['authentication']]);
  assert.equal(read(root!, AWS, 'additionalEventData.MFAUsed'), 'No');
  assert.equal(read(root!, AWS, 'useridentity.TYPE'), 'Root', 'names match in any case');
  assert.equal(read(root!, AWS, 'source.ip'), '203.0.113.9', 'our schema names answer what the record lacks');
});

test('outcomes: an error code or a failed console login is a failure, with its message as the reason', async () => {
  const events = await eventsOf('trail.jsonl', [
    call({ errorCode: 'AccessDenied', errorMessage: 'User: carol is not authorized' }),
    call({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } }),
    call({}),
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  assert.deepEqual(events.map((e) => [e.event.outcome, e.event.reason]), [['failure', 'User: carol is not authorized'], ['failure', 'Failed authentication'], ['success', undefined]]);
  assert.equal(read(events[2]!, AWS, 'errorCode'), undefined);
  assert.equal(read(events[2]!, AWS, 'responseElements'), null, 'a JSON null reads as null');
});

test('an EventBridge event carries its CloudTrail record in detail; Sigma names read through it', async () => {
  const event = await eventOf('eventbridge.json', JSON.stringify({ version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', time: '2026-11-22T09:00:00Z', region: 'us-east-1', detail: call({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', readOnly: false, requestParameters: { userName: 'svc' } }) }, null, 2));
  assert.deepEqual([event.vigil.format, event.event.dataset, event.event.action, event.user?.target?.name, event.cloud?.region], ['aws-cloudtrail', 'aws.cloudtrail', 'CreateAccessKey', 'svc', 'eu-west-1']);
  assert.ok(selected(event, AWS));
  assert.equal(read(event, AWS, 'eventName'), 'CreateAccessKey');
});

test('a record that is not CloudTrail in a CloudTrail file is kept as generic JSON, not dropped', async () => {
  const events = await eventsOf('mixed.jsonl', `${JSON.stringify(call({}))}\n${JSON.stringify({ timestamp: '2026-11-22T09:01:00Z', message: 'digest delivered', src_ip: '10.0.0.1' })}\n`);
  assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.source?.ip]), [['aws-cloudtrail', 'aws.cloudtrail', '203.0.113.9'], ['aws-cloudtrail', 'json', '10.0.0.1']]);
  assert.ok(!selected(events[1]!, AWS));
});
