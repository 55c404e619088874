import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { auditObject, signInObject } from '../../src/ingest/formats/entra-csv.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { eventsOf, read } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Entra ID's sign-in and audit logs downloaded as CSV: each row read as the Graph object the JSON download holds. */

const dirs = tempDirs('entra-csv');
const csv = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

const SIGN_IN_HEADER = ['Date (UTC)', 'Request ID', 'User agent', 'Correlation ID', 'User ID', 'User', 'Username', 'Application', 'IP address', 'Location', 'Status', 'Sign-in error code', 'Failure reason', 'Client app', 'Authentication requirement', 'Conditional Access'];
const signIn = (time: string, agent: string, user: string, ip: string, status: string, code: string, reason: string) =>
  [time, `r-${time}`, agent, 'c', 'u', user, `${user}@contoso.com`, 'Azure Portal', ip, 'Kyiv, Kyiv City, UA', status, code, reason, 'Browser', 'Single-factor authentication', 'Not Applied'];

const AUDIT_HEADER = ['Date (UTC)', 'CorrelationId', 'Service', 'Category', 'Activity', 'Result', 'ResultReason', 'User Agent', 'ActorType', 'ActorDisplayName', 'ActorObjectId', 'ActorUserPrincipalName', 'IPAddress', 'ActorServicePrincipalId', 'ActorServicePrincipalName', 'Target1Type', 'Target1DisplayName', 'Target1ObjectId', 'Target1UserPrincipalName', 'Target1ModifiedProperty1Name', 'Target1ModifiedProperty1OldValue', 'Target1ModifiedProperty1NewValue', 'Target2Type', 'Target2DisplayName', 'Target2ObjectId', 'Target2UserPrincipalName', 'AdditionalDetail1Key', 'AdditionalDetail1Value'];

/** Titles of the SigmaHQ rules under `rules/cloud/azure/<folder>` that fire on the events. */
function sigmaTitles(root: string, events: readonly VigilEvent[]): string[] {
  const files = readdirSync(root).filter((f) => f.endsWith('.yml')).map((f) => ({ path: join(root, f), origin: 'extra' as const }));
  const detector = createDetector(loadRuleSet(files, defaultResolver), defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  return [...new Set(alerts.map((a) => a.rule.title))].sort();
}

void describe("Entra ID's CSV downloads", () => {
  void it('reads sign-ins as Graph sign-ins: status from the error code, interruptions neither success nor failure', async () => {
    const events = await fixtureEvents('entra-csv', 'input.csv');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.outcome, e.user?.name, e.source?.ip, e['@timestamp']]),
      [
        ['azure', 'azure.signinlogs', 'failure', 'alice@contoso.com', '203.0.113.90', '2024-08-01T07:00:00.000Z'],
        ['azure', 'azure.signinlogs', 'success', 'alice@contoso.com', '203.0.113.90', '2024-08-01T07:01:00.000Z'],
        ['azure', 'azure.signinlogs', 'unknown', 'bob@contoso.com', '2001:db8::42', '2024-08-01T07:02:00.000Z'],
      ],
    );
    const logsource = { product: 'azure', service: 'signinlogs' };
    assert.equal(read(events[0]!, logsource, 'ResultType'), 50126);
    assert.equal(read(events[1]!, logsource, 'Status'), 'Success');
    assert.equal(read(events[0]!, logsource, 'AuthenticationRequirement'), 'singleFactorAuthentication');
    assert.equal(read(events[2]!, logsource, 'DeviceDetail.trusttype'), 'Microsoft Entra joined');
    assert.equal(read(events[2]!, logsource, 'properties.deviceDetail.deviceId'), 'dev-1', "a rule's diagnostic-settings path reads Graph's top level");
    assert.equal(events[2]?.labels?.['location.city'], 'Seattle');
  });

  void it("puts the portal's words back as Graph's values", () => {
    const doc = signInObject({
      'Date (UTC)': '8/1/2024, 7:00:00 AM', Username: 'svc@contoso.com', 'User type': 'Guest', Status: 'Success', 'Sign-in error code': '',
      Compliant: 'Yes', Managed: 'No', Latency: '42', 'Autonomous system  number': '8075', 'Conditional Access': 'Not Applied',
      'Authentication requirement': 'Multifactor authentication', Location: 'US', 'Home tenant ID': 'tid', 'Application ID ': 'app-1',
    });
    assert.deepEqual(doc, {
      createdDateTime: '2024-08-01T07:00:00Z', userPrincipalName: 'svc@contoso.com', userType: 'guest',
      deviceDetail: { isCompliant: true, isManaged: false }, processingTimeInMilliseconds: 42, autonomousSystemNumber: 8075,
      conditionalAccessStatus: 'notApplied', authenticationRequirement: 'multiFactorAuthentication', location: { countryOrRegion: 'US' },
      homeTenantId: 'tid', appId: 'app-1', status: { errorCode: 0 },
    });
  });

  void it('reads service principal sign-ins (no user) under the service principal', async () => {
    const events = await eventsOf('ApplicationSignIns_2024-08-01.csv', csv([
      ['Date (UTC)', 'Request ID', 'Correlation ID', 'Service principal ID', 'Service principal name', 'Credential key ID', 'Application', 'Application ID ', 'Resource', 'IP address', 'Location', 'Status', 'Sign-in error code', 'Failure reason'],
      ['2024-08-01T08:00:00Z', 'r1', 'c1', 'sp-1', 'Evil App', 'k1', 'Evil App', 'app-1', 'Microsoft Graph', '198.51.100.7', 'Amsterdam, Noord-Holland, NL', 'Failure', '7000215', 'Invalid client secret provided.'],
    ]));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.event.outcome, e.user?.name, e.source?.ip]), [['azure', 'azure.signinlogs', 'failure', 'Evil App', '198.51.100.7']]);
  });

  void it('reads audit rows as directory audits: actor, targets with modified properties, details', async () => {
    const events = await eventsOf('AuditLogs_2024-08-01.csv', csv([
      AUDIT_HEADER,
      ['2024-08-01T07:10:00.123Z', 'c9', 'Core Directory', 'RoleManagement', 'Add member to role', 'Success', '', '', 'User', 'Alice', 'u1', 'alice@contoso.com', '203.0.113.90', '', '', 'Role', 'Global Administrator', 'r1', '', 'Role.DisplayName', '', '"Global Administrator"', 'User', '', 'u2', 'mallory@contoso.com', 'User-Agent', 'Mozilla/5.0'],
      ['2024-08-01T07:11:00Z', 'c10', 'Core Directory', 'ApplicationManagement', 'Add service principal credentials', 'Success', '', '', 'Application', 'Evil App', '', '', '', 'sp-1', 'Evil App', 'ServicePrincipal', 'Evil App', 'sp-1', '', 'KeyDescription', '[]', '["[KeyType=Password]"]', '', '', '', '', '', ''],
    ]));
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.category, e.event.action, e.event.outcome, e.user?.name, e.user?.target?.name ?? null, e.source?.ip ?? null]),
      [
        ['azure', 'azure.auditlogs', ['iam'], 'Add member to role', 'success', 'alice@contoso.com', 'mallory@contoso.com', '203.0.113.90'],
        ['azure', 'azure.auditlogs', ['iam'], 'Add service principal credentials', 'success', 'Evil App', null, null],
      ],
    );
    const logsource = { product: 'azure', service: 'auditlogs' };
    assert.equal(read(events[0]!, logsource, 'operationName'), 'Add member to role');
    assert.equal(read(events[0]!, logsource, 'properties.targetResources.modifiedProperties.displayName'), 'Role.DisplayName');
    assert.equal(read(events[0]!, logsource, 'additionalDetails.value'), 'Mozilla/5.0');
  });

  void it('keeps target and detail numbers within bounds: a column past them is a column like any other', () => {
    const doc = auditObject({ 'Date (UTC)': '2024-08-01T07:00:00Z', Activity: 'x', Target0Type: 'a', Target999Type: 'b', Target1ModifiedProperty500Name: 'c', AdditionalDetail0Key: 'd' });
    assert.deepEqual(doc, { activityDateTime: '2024-08-01T07:00:00Z', activityDisplayName: 'x', target0Type: 'a', target999Type: 'b', target1ModifiedProperty500Name: 'c', additionalDetail0Key: 'd', initiatedBy: { user: {} } });
  });

  void it("raises SigmaHQ's Entra rules from the downloads", async (t) => {
    const root = sharedPath(t, 'sigma', 'rules', 'cloud', 'azure');
    if (root === undefined) return;
    const signIns = await eventsOf('InteractiveSignIns.csv', csv([
      SIGN_IN_HEADER,
      signIn('2024-08-01T07:00:00Z', 'BAV2ROPC', 'alice', '203.0.113.90', 'Success', '0', 'Other.'),
      signIn('2024-08-01T07:01:00Z', 'azurehound/v2.1.0', 'bob', '203.0.113.91', 'Success', '0', 'Other.'),
      signIn('2024-08-01T07:02:00Z', 'Mozilla/5.0', 'carol', '203.0.113.92', 'Failure', '50053', 'Account is locked because the user tried to sign in too many times with an incorrect user ID or password.'),
      signIn('2024-08-01T07:03:00Z', 'Mozilla/5.0', 'dave', '203.0.113.93', 'Failure', '53003', 'Blocked by Conditional Access'),
    ]));
    assert.deepEqual(sigmaTitles(join(root, 'signin_logs'), signIns), [
      'Account Lockout',
      'Azure AD Only Single Factor Authentication Required',
      'Discovery Using AzureHound',
      'Potential MFA Bypass Using Legacy Client Authentication',
      'Sign-in Failure Due to Conditional Access Requirements Not Met',
      'User Access Blocked by Azure Conditional Access',
    ]);
    const audits = await eventsOf('AuditLogs.csv', csv([
      AUDIT_HEADER,
      ['2024-08-01T07:10:00Z', 'c9', 'Core Directory', 'RoleManagement', 'Add member to role', 'Success', '', '', 'User', 'Alice', 'u1', 'alice@contoso.com', '203.0.113.90', '', '', 'Role', 'Global Administrator', 'r1', '', '', '', '', 'User', '', 'u2', 'mallory@contoso.com', '', ''],
      ['2024-08-01T07:12:00Z', 'c11', 'Core Directory', 'UserManagement', 'Disable Strong Authentication', 'Success', '', '', 'User', 'Alice', 'u1', 'alice@contoso.com', '203.0.113.90', '', '', 'User', '', 'u2', 'mallory@contoso.com', '', '', '', '', '', '', '', '', ''],
    ]));
    assert.deepEqual(sigmaTitles(join(root, 'audit_logs'), audits), ['Disabled MFA to Bypass Authentication Mechanisms', "User Added to an Administrator's Azure AD Role"]);
  });

  void it('counts failed sign-ins in the login correlations, and re-ingesting adds nothing', async () => {
    const rows: string[][] = [SIGN_IN_HEADER];
    for (let i = 0; i < 12; i++) rows.push(signIn(`2024-08-01T07:00:${String(i).padStart(2, '0')}Z`, 'python-requests/2.31', 'alice', '203.0.113.66', 'Failure', '50126', 'Invalid username or password.'));
    const file = join(dirs.fresh(), 'InteractiveSignIns.csv');
    writeFileSync(file, csv(rows));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [12, 0]);
    const { events } = await collectEvents([file], { tz: 'UTC' });
    assert.ok(events.every((e) => e.event.category?.includes('authentication') === true && e.event.outcome === 'failure'));
  });

  void it('survives hostile rows: prototype-named columns, markup, odd cells', async () => {
    const text = csv([
      ['Date (UTC)', 'Request ID', 'Correlation ID', 'Username', 'Sign-in error code', 'Status', '__proto__', 'constructor', 'Location', 'Latency', 'Compliant'],
      ['2024-08-01T07:00:00Z', '<img src=x onerror=alert(1)>', 'c', '<script>alert(1)</script>', '9'.repeat(40), 'Failure', '{"polluted":1}', 'x', ',,,', '1e400', 'maybe'],
      ['99/99/9999, 99:99:99 PM', 'r', 'c', 'u', '0', 'Success', '', '', 'a, b, c, d, e', '-1', ''],
      ['', '', '', '', '', '', '', '', '', '', ''],
    ]);
    const { events } = await readAs('entra-csv', text);
    assert.equal(events.length, 2, 'every row with a value is an event');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
