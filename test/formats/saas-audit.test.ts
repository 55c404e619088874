import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, line, read, selected } from '../detect/mapping/helpers.ts';

/** Okta, Google Cloud and GitHub audit records: what sets them apart from other JSON, and what rules read of them. */

test('records that only resemble an audit log stay generic JSON', async () => {
  const events = await eventsOf('app.jsonl', [
    line({ timestamp: '2026-11-23T09:00:00Z', action: 'user.login', actor: 'bob', result: 'success' }),
    line({ timestamp: '2026-11-23T09:00:01Z', eventType: 'login', published: 'yes', actor: 'bob' }),
    line({ timestamp: '2026-11-23T09:00:02Z', protoPayload: { methodName: 'x' } }),
  ].join(''));
  assert.deepEqual(events.map((e) => e.vigil.format), ['generic-json', 'generic-json', 'generic-json']);
});

test('Okta: rules name fields in any case, the outcome and the user acted on are read', async () => {
  const [event] = await eventsOf('okta.json', JSON.stringify([{
    uuid: 'u', published: '2026-11-23T09:00:00.000Z', eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded',
    actor: { id: 'a', type: 'User', alternateId: 'bob@example.com' }, client: { ipAddress: '2001:DB8::1' }, outcome: { result: 'DENY', reason: 'LOCKED_OUT' },
    target: [{ type: 'AppInstance', alternateId: 'Salesforce' }, { type: 'User', alternateId: 'bob@example.com' }],
  }], null, 2));
  assert.ok(event !== undefined);
  assert.deepEqual([event.vigil.format, event.event.outcome, event.source?.ip, event.user?.target?.name, event.message], ['okta', 'failure', '2001:db8::1', 'bob@example.com', 'Max sign in attempts exceeded']);
  const okta = { product: 'okta', service: 'okta' };
  assert.ok(selected(event, okta));
  assert.equal(read(event, okta, 'eventtype'), 'user.account.lock');
  assert.deepEqual(read(event, okta, 'target.alternateId'), ['Salesforce', 'bob@example.com'], 'every target');
});

test("GCP: Workspace events are their services' logsources, and their parameters are fields", async () => {
  const [login, admin] = await eventsOf('gcp.jsonl', [
    line({ logName: 'organizations/1/logs/cloudaudit.googleapis.com%2Fdata_access', timestamp: '2026-11-23T09:00:00Z', resource: { type: 'audited_resource' }, protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'login.googleapis.com', methodName: 'google.login.LoginService.loginFailure', authenticationInfo: { principalEmail: 'bob@acme.example' }, requestMetadata: { callerIp: '198.51.100.3' }, metadata: { event: [{ eventName: 'login_failure', parameter: [{ name: 'login_type', value: 'google_password' }] }] } } }),
    line({ logName: 'organizations/1/logs/cloudaudit.googleapis.com%2Factivity', timestamp: '2026-11-23T09:01:00Z', resource: { type: 'audited_resource' }, protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'admin.googleapis.com', methodName: 'google.admin.AdminService.changeApplicationSetting', authenticationInfo: { principalEmail: 'admin@acme.example' }, metadata: { event: [{ eventName: 'CHANGE_APPLICATION_SETTING', parameter: [{ name: 'SETTING_NAME', value: 'ENFORCE_STRONG_AUTHENTICATION' }, { name: 'NEW_VALUE', value: 'false' }, { name: 'OLD_VALUE', value: 'true' }] }] } } }),
  ].join(''));
  assert.ok(login !== undefined && admin !== undefined);
  assert.deepEqual([login.event.outcome, login.event.category, login.user?.name], ['failure', ['authentication'], 'bob@acme.example']);
  const workspaceLogin = { product: 'gcp', service: 'google_workspace.login' };
  const workspaceAdmin = { product: 'gcp', service: 'google_workspace.admin' };
  assert.deepEqual([selected(login, workspaceLogin), selected(login, workspaceAdmin), selected(admin, workspaceAdmin)], [true, false, true]);
  assert.equal(read(admin, workspaceAdmin, 'new_value'), 'false');
  assert.equal(read(admin, workspaceAdmin, 'eventName'), 'CHANGE_APPLICATION_SETTING');
  assert.equal(read(admin, workspaceAdmin, 'eventService'), 'admin.googleapis.com');
  assert.equal(read(login, { product: 'gcp', service: 'gcp.audit' }, 'gcp.audit.method_name'), 'google.login.LoginService.loginFailure');
});

test('GitHub: epoch-millisecond times, the actor and the member added', async () => {
  const [event] = await eventsOf('github.jsonl', line({ '@timestamp': 1795424400123, _document_id: 'd', action: 'business.add_admin', actor: 'mallory', actor_ip: '203.0.113.9', business: 'acme', user: 'mallory2' }));
  assert.ok(event !== undefined);
  assert.deepEqual([event['@timestamp'], event.user?.name, event.user?.target?.name, event.event.category, event.source?.ip], ['2026-11-23T09:00:00.123Z', 'mallory', 'mallory2', ['iam'], '203.0.113.9']);
  assert.ok(selected(event, { product: 'github', service: 'audit' }));
});
