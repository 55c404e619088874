import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { read, selected } from '../detect/mapping/helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * Azure and Entra ID records in their three shapes (diagnostic settings in a records envelope, the activity log
 * API's localisable names, Log Analytics rows), and the table-column names SigmaHQ's Azure rules read of them.
 */

const temp = tempDirs('azure');
const lines = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'formats', 'azure', 'input.jsonl'), 'utf8').trim().split('\n');
const SIGN_IN = { product: 'azure', service: 'signinlogs' };
const AUDIT = { product: 'azure', service: 'auditlogs' };
const ACTIVITY = { product: 'azure', service: 'activitylogs' };

async function azureEvents() {
  const file = join(temp.fresh(), 'PT1H.json');
  writeFileSync(file, `{ "records": [\n${lines.join(',\n')}\n] }\n`);
  const { events, errors, formats } = await collectEvents([file], { tz: 'UTC' });
  assert.deepEqual([errors, formats], [[], ['azure']]);
  return events;
}

test('a diagnostic-settings file ({"records":[…]}) gives each record its log as dataset and logsource', async () => {
  const events = await azureEvents();
  assert.deepEqual(events.map((e) => e.event.dataset), ['azure.signinlogs', 'azure.auditlogs', 'azure.activitylogs', 'azure.signinlogs']);
  assert.deepEqual(events.map((e) => [selected(e, SIGN_IN), selected(e, AUDIT), selected(e, ACTIVITY)]), [[true, false, false], [false, true, false], [false, false, true], [true, false, false]]);
  assert.deepEqual(events.map((e) => e.event.provider), ['entra-id', 'entra-id', 'Microsoft.Authorization', 'entra-id']);
});

test("a sign-in's Status is its error code in words with the reason, whatever the shape", async () => {
  const [failed, , , row] = await azureEvents();
  assert.ok(failed !== undefined && row !== undefined);
  assert.deepEqual(read(failed, SIGN_IN, 'Status'), ['Failure', 'Error validating credentials due to invalid username or password.']);
  assert.equal(read(row, SIGN_IN, 'Status'), 'Success');
  assert.equal(read(failed, SIGN_IN, 'ResultType'), '50126');
  assert.equal(read(failed, SIGN_IN, 'DeviceDetail.trusttype'), '', 'under properties, in any case');
  assert.equal(read(failed, SIGN_IN, 'NetworkLocationDetails'), '[]');
  assert.equal(read(row, SIGN_IN, 'AuthenticationRequirement'), 'singleFactorAuthentication');
});

test("audit and activity records answer the table columns rules name: Category, properties.message, CategoryValue, ResourceProviderValue", async () => {
  const [, audit, activity] = await azureEvents();
  assert.ok(audit !== undefined && activity !== undefined);
  assert.equal(read(audit, AUDIT, 'Category'), 'RoleManagement', "the audit category, not the log's");
  assert.equal(read(audit, AUDIT, 'properties.message'), 'Add member to role');
  assert.equal(read(audit, AUDIT, 'Status'), 'success');
  assert.equal(read(activity, ACTIVITY, 'operationName'), 'Microsoft.Authorization/elevateAccess/action', 'a localisable name reads as its value');
  assert.equal(read(activity, ACTIVITY, 'CategoryValue'), 'Administrative');
  assert.equal(read(activity, ACTIVITY, 'ResourceProviderValue'), 'Microsoft.Authorization');
});

test('other Azure categories keep their own dataset and select no Sigma service; a row of an unknown table is generic JSON', async () => {
  const file = join(temp.fresh(), 'other.jsonl');
  writeFileSync(file, [
    { time: '2024-07-01T09:00:00Z', resourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV', operationName: 'SecretGet', category: 'AuditEvent', resultType: 'Success', callerIpAddress: '10.1.2.3', correlationId: 'c' },
    { TimeGenerated: '2024-07-01T09:00:00Z', Type: 'Heartbeat', Computer: 'vm1' },
  ].map((r) => JSON.stringify(r)).join('\n'));
  const { events } = await collectEvents([file], { tz: 'UTC' });
  assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset]), [['azure', 'azure.auditevent'], ['azure', 'json']]);
  assert.deepEqual([selected(events[0]!, SIGN_IN), selected(events[0]!, ACTIVITY), events[0]?.cloud?.account?.id, events[0]?.event.provider], [false, false, 'S', 'MICROSOFT.KEYVAULT']);
});

test('an interrupted sign-in (MFA prompt, password change) is neither success nor failure; a wrong password is a failure', async () => {
  const file = join(temp.fresh(), 'signins.jsonl');
  const signIn = (code: number) => ({ time: '2024-07-01T09:00:00Z', resourceId: '/tenants/t/providers/Microsoft.aadiam', operationName: 'Sign-in activity', category: 'SignInLogs', tenantId: 't', resultType: String(code), resultDescription: `code ${String(code)}`, correlationId: 'c', properties: { userPrincipalName: 'a@contoso.com', status: { errorCode: code } } });
  writeFileSync(file, [50074, 50126, 0, 50140].map((code) => JSON.stringify(signIn(code))).join('\n'));
  const { events } = await collectEvents([file], { tz: 'UTC' });
  assert.deepEqual(events.map((e) => [e.event.outcome, e.event.reason]), [['unknown', 'code 50074'], ['failure', 'code 50126'], ['success', undefined], ['unknown', 'code 50140']]);
});

test("Microsoft Graph's sign-ins and directory audits, as a saved API page ({\"value\":[…]}) or the portal's download", async () => {
  const file = join(temp.fresh(), 'signins.json');
  writeFileSync(file, `${JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
    value: [
      { id: '1', createdDateTime: '2024-11-23T10:00:01Z', userPrincipalName: 'bob@contoso.com', userId: 'u1', appDisplayName: 'Graph Explorer', ipAddress: '203.0.113.66', status: { errorCode: 50126, failureReason: 'Invalid username or password.' } },
      { id: '2', createdDateTime: '2024-11-23T10:00:09Z', userPrincipalName: 'bob@contoso.com', appDisplayName: 'Graph Explorer', ipAddress: '203.0.113.66', status: { errorCode: 0 } },
      { id: '3', activityDateTime: '2024-11-23T10:05:00Z', activityDisplayName: 'Add member to role', category: 'RoleManagement', result: 'success', initiatedBy: { user: { userPrincipalName: 'bob@contoso.com' } } },
    ],
    '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x',
  }, null, 2)}\n`);
  const { events, errors, formats } = await collectEvents([file], { tz: 'UTC' });
  assert.deepEqual([errors, formats], [[], ['azure']]);
  assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.event.outcome ?? null, e.user?.name, e['@timestamp']]), [
    ['azure.signinlogs', 'Sign-in activity', 'failure', 'bob@contoso.com', '2024-11-23T10:00:01.000Z'],
    ['azure.signinlogs', 'Sign-in activity', 'success', 'bob@contoso.com', '2024-11-23T10:00:09.000Z'],
    ['azure.auditlogs', 'Add member to role', 'success', 'bob@contoso.com', '2024-11-23T10:05:00.000Z'],
  ]);
  assert.equal(events[0]?.source?.ip, '203.0.113.66');
  assert.equal(selected(events[0], SIGN_IN), true);
});
