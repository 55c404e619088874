import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { eventsOf } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Microsoft 365 audit log searches saved as CSV: each row's AuditData read as the Management Activity API record. */

const dirs = tempDirs('m365-audit-csv');
const csv = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

function auditData(time: string, operation: string, workload: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    CreationTime: time, Id: `id-${time}-${operation}`, Operation: operation, OrganizationId: 'org-1', RecordType: 15, ResultStatus: 'Success',
    UserKey: 'k', UserType: 0, Version: 1, Workload: workload, ClientIP: '203.0.113.66', UserId: 'alice@contoso.com', ...extra,
  });
}

const PURVIEW = ['RecordId', 'CreationDate', 'RecordType', 'Operation', 'UserId', 'AuditData', 'AssociatedAdminUnits', 'AssociatedAdminUnitsNames'];

void describe('Microsoft 365 audit search CSV exports', () => {
  void it("reads Purview's rows by their AuditData, and a row whose AuditData is cut by the row", async () => {
    const events = await fixtureEvents('m365-audit-csv', 'input.csv');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.event.outcome ?? null, e.user?.name, e.source?.ip ?? null, e['@timestamp'], e.labels?.['m365.RecordType']]),
      [
        ['m365-audit', 'm365.azureactivedirectory', 'UserLoginFailed', 'failure', 'alice@contoso.com', '203.0.113.90', '2024-08-01T07:00:00.000Z', 'AzureActiveDirectoryStsLogon'],
        ['m365-audit', 'm365.exchange', 'New-InboxRule', 'success', 'alice@contoso.com', '2001:db8::7', '2024-08-01T07:05:00.000Z', 'ExchangeAdmin'],
        ['m365-audit-csv', 'm365.audit', 'FileDownloaded', null, 'alice@contoso.com', null, '2024-08-01T07:06:00.000Z', 'SharePointFileOperation'],
      ],
    );
    assert.match(events[2]?.labels?.['m365.AuditData'] ?? '', /^\{"CreationTime"/, 'the cut record is kept');
  });

  void it("reads the compliance centre's layout and Search-UnifiedAuditLog's Export-Csv (a #TYPE line, local dates)", async () => {
    const classic = await eventsOf('AuditLog_2024-08-01.csv', csv([
      ['CreationDate', 'UserIds', 'Operations', 'AuditData'],
      ['2024-08-01T07:00:00.0000000Z', 'alice@contoso.com', 'MailItemsAccessed', auditData('2024-08-01T07:00:00', 'MailItemsAccessed', 'Exchange')],
    ]));
    const exported = await eventsOf('ual.csv', '#TYPE Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.AuditRecord\r\n' + csv([
      ['RunspaceId', 'RecordType', 'CreationDate', 'UserIds', 'Operations', 'AuditData', 'ResultIndex', 'ResultCount', 'Identity', 'IsValid', 'ObjectState'],
      ['rs-1', 'AzureActiveDirectoryStsLogon', '8/1/2024 7:01:00 AM', 'alice@contoso.com', 'UserLoggedIn', auditData('2024-08-01T07:01:00', 'UserLoggedIn', 'AzureActiveDirectory'), '1', '1', 'id-1', 'True', 'Unchanged'],
    ]));
    assert.deepEqual([...classic, ...exported].map((e) => [e.vigil.format, e.event.action, e.event.outcome ?? null, e['@timestamp']]), [
      ['m365-audit', 'MailItemsAccessed', 'success', '2024-08-01T07:00:00.000Z'],
      ['m365-audit', 'UserLoggedIn', 'success', '2024-08-01T07:01:00.000Z'],
    ]);
    assert.equal(exported[0]?.labels?.['m365.RunspaceId'], 'rs-1');
  });

  void it('raises brute force then success from exported sign-ins, and re-ingesting adds nothing', async () => {
    const rows: string[][] = [PURVIEW];
    for (let i = 0; i < 12; i++) {
      const time = `2024-08-01T07:00:${String(i).padStart(2, '0')}`;
      rows.push([`r${String(i)}`, `${time}.0000000Z`, 'AzureActiveDirectoryStsLogon', 'UserLoginFailed', 'alice@contoso.com', auditData(time, 'UserLoginFailed', 'AzureActiveDirectory', { ResultStatus: 'Failed', LogonError: 'InvalidUserNameOrPassword' }), '', '']);
    }
    rows.push(['r99', '2024-08-01T07:00:30.0000000Z', 'AzureActiveDirectoryStsLogon', 'UserLoggedIn', 'alice@contoso.com', auditData('2024-08-01T07:00:30', 'UserLoggedIn', 'AzureActiveDirectory'), '', '']);
    const file = join(dirs.fresh(), 'audit_export.csv');
    writeFileSync(file, csv(rows));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [13, 0]);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
  });

  void it("raises SigmaHQ's Microsoft 365 rules from the export", async (t) => {
    const root = sharedPath(t, 'sigma', 'rules', 'cloud', 'm365');
    if (root === undefined) return;
    const events = await eventsOf('audit_export.csv', csv([
      PURVIEW,
      ['r1', '2024-08-01T07:00:00.0000000Z', 'AzureActiveDirectory', 'Disable Strong Authentication.', 'admin@contoso.com', auditData('2024-08-01T07:00:00', 'Disable Strong Authentication.', 'AzureActiveDirectory', { RecordType: 8 }), '', ''],
      ['r2', '2024-08-01T07:01:00.0000000Z', 'SecurityComplianceAlerts', 'AlertTriggered', 'SecurityComplianceAlerts', auditData('2024-08-01T07:01:00', 'AlertTriggered', 'SecurityComplianceCenter', { RecordType: 40, Name: 'Suspicious inbox forwarding', Severity: 'Medium', Category: 'ThreatManagement' }), '', ''],
    ]));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml')).map((f) => ({ path: join(root, f), origin: 'extra' as const }));
    const detector = createDetector(loadRuleSet(files, defaultResolver), defaultResolver);
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
    assert.deepEqual([...new Set(alerts.map((a) => a.rule.title))].sort(), ['Disabling Multi Factor Authentication', 'Suspicious Inbox Forwarding']);
  });

  void it('survives hostile rows: prototype-named columns, markup, hostile and deep AuditData', async () => {
    const text = csv([
      ['CreationDate', 'UserIds', 'Operations', 'AuditData', '__proto__', 'constructor'],
      ['2024-08-01T07:00:00Z', '<script>alert(1)</script>', 'x', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}', 'a', 'b'],
      ['99/99/9999 99:99:99 PM', 'u', '<img src=x>', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, '', ''],
      ['', '', '', '', '', ''],
    ]);
    const { events } = await readAs('m365-audit-csv', text);
    assert.equal(events.length, 2, 'every row with a value is an event');
    for (const event of events) assertSoundEvent(event);
    assertNoPollution();
  });
});
