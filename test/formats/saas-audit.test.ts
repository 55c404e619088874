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

test('Microsoft 365: zone-less UTC times, client addresses with ports, and compliance alerts as alerts', async () => {
  const events = await eventsOf('m365.json', `[${[
    { CreationTime: '2026-11-23T09:00:00', Id: 'a', Operation: 'FileDownloaded', OrganizationId: 'o', RecordType: 6, UserKey: 'k', Workload: 'SharePoint', ClientIP: '198.51.100.20:443', UserId: 'bob@contoso.com', UserAgent: 'OneDriveMpc' },
    { CreationTime: '2026-11-23T09:01:00', Id: 'b', Operation: 'AlertTriggered', OrganizationId: 'o', RecordType: 40, ResultStatus: 'Succeeded', Workload: 'SecurityComplianceCenter', UserId: 'SecurityComplianceAlerts', Name: 'eDiscovery search started or exported', Severity: 'High' },
  ].map((r) => JSON.stringify(r)).join(',')}]`);
  const [download, alert] = events;
  assert.ok(download !== undefined && alert !== undefined);
  assert.deepEqual([download['@timestamp'], download.source?.ip, download.user_agent?.original, download.event.outcome], ['2026-11-23T09:00:00.000Z', '198.51.100.20', 'OneDriveMpc', undefined]);
  const threats = { product: 'm365', service: 'threat_management' };
  assert.deepEqual([selected(download, threats), selected(download, { product: 'm365', service: 'audit' }), selected(alert, threats)], [false, true, true]);
  assert.deepEqual([alert.rule?.name, alert.event.severity, read(alert, threats, 'eventName'), read(alert, threats, 'eventSource'), read(alert, threats, 'status')], ['eDiscovery search started or exported', 1, 'eDiscovery search started or exported', 'SecurityComplianceCenter', 'success']);
});

test('a minified JSON array on one line is read record by record', async () => {
  const events = await eventsOf('export.json', JSON.stringify([{ timestamp: '2026-11-23T09:00:00Z', src_ip: '10.0.0.1', message: 'a' }, { timestamp: '2026-11-23T09:00:01Z', src_ip: '10.0.0.2', message: 'b' }]));
  assert.deepEqual(events.map((e) => [e.vigil.format, e.source?.ip, e.message]), [['generic-json', '10.0.0.1', 'a'], ['generic-json', '10.0.0.2', 'b']]);
});
