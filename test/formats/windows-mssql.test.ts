import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** SQL Server's logins in the Windows Application log: inserts only (EVTX), or the rendered message (PowerShell, exports). */

const nested = (id: number, provider: string, data: string[], second: number) =>
  JSON.stringify({ Event: { System: { Provider: { '#attributes': { Name: provider } }, EventID: id, Channel: 'Application', Computer: 'SQL01.corp.local', TimeCreated: { '#attributes': { SystemTime: `2024-11-23T10:00:0${String(second)}.000Z` } }, EventRecordID: second }, EventData: { Data: data } } });

void describe('SQL Server logins in the Application log', () => {
  void it('reads failed and successful logins from the inserts alone: user, client, reason, authentication', async () => {
    const lines = [
      nested(18456, 'MSSQLSERVER', ['sa', ' Reason: Password did not match that for the login provided.', ' [CLIENT: 203.0.113.140]'], 1),
      nested(18456, 'MSSQL$SQLEXPRESS', ['admin', ' Reason: Could not find a login matching the name provided.', ' [CLIENT: 2001:db8::5]'], 2),
      nested(18454, 'MSSQLSERVER', ['app_user', 'SQL Server', ' [CLIENT: 10.0.0.8]'], 3),
    ];
    const events = await eventsOf('app.jsonl', `${lines.join('\n')}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip]),
      [
        ['18456', 'windows.application', 'login', 'failure', 'sa', '203.0.113.140'],
        ['18456', 'windows.application', 'login', 'failure', 'admin', '2001:db8::5'],
        ['18454', 'windows.application', 'login', 'success', 'app_user', '10.0.0.8'],
      ],
    );
    assert.equal(events[0]?.event.reason, 'Password did not match that for the login provided');
    assert.equal(events[2]?.labels?.['mssql.auth_method'], 'SQL Server authentication');
    assert.equal(events[0] !== undefined && selected(events[0], { product: 'windows', service: 'application' }), true, "SigmaHQ's MSSQL rules still select it");
  });

  void it('reads the rendered message where the export has one', async () => {
    const record = { Id: 18456, ProviderName: 'MSSQLSERVER', LogName: 'Application', MachineName: 'SQL01', TimeCreated: '2024-11-23T10:00:00.000Z', Message: "Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 198.51.100.40]", Properties: [{ Value: 'sa' }] };
    const [e] = await eventsOf('app.json', `${JSON.stringify(record)}\n`);
    assert.deepEqual([e?.vigil.format, e?.event.action, e?.event.outcome, e?.user?.name, e?.source?.ip], ['powershell-winevent', 'login', 'failure', 'sa', '198.51.100.40']);
  });

  void it("leaves other providers' 18456 alone", async () => {
    const [e] = await eventsOf('app.jsonl', `${nested(18456, 'SomeApp', ['sa', ' x', ' [CLIENT: 203.0.113.1]'], 1)}\n`);
    assert.deepEqual([e?.event.action, e?.user?.name], [undefined, undefined]);
  });
});
