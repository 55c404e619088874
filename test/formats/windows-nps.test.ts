import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { read, selected } from '../detect/mapping/helpers.ts';
import { readLogText } from '../helpers/format.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Network Policy Server's RADIUS decisions in the Security log (6272–6278): VPN, Wi-Fi and 802.1X logins. */

const dirs = tempDirs('windows-nps');
const SECURITY = { product: 'windows', service: 'security' };

function nps(id: number, second: number, data: Record<string, string>): string {
  return JSON.stringify({
    EventID: id, Channel: 'Security', ProviderName: 'Microsoft-Windows-Security-Auditing', Computer: 'NPS01.corp.example.com',
    TimeCreated: `2024-11-23T10:00:${String(second).padStart(2, '0')}.000Z`, SubjectUserSid: 'S-1-0-0', SubjectDomainName: 'CORP',
    ClientName: 'vpn-gw', ClientIPAddress: '10.0.0.1', NASIdentifier: 'vpn-gw', NetworkPolicyName: 'VPN Users', AuthenticationType: 'MS-CHAPv2', ...data,
  });
}

const DENIED = 'Authentication failed due to a user credentials mismatch. Either the user name provided does not map to an existing user account or the password was incorrect.';

/** 6273 as Event Viewer renders it, in its CSV export. */
const RENDERED = [
  'Network Policy Server denied access to a user.', '', 'Contact the Network Policy Server administrator for more information.', '',
  'User:', '\tSecurity ID:\t\t\tNULL SID', '\tAccount Name:\t\t\talice', '\tAccount Domain:\t\t\tCORP', '\tFully Qualified Account Name:\tCORP\\alice', '',
  'Client Machine:', '\tSecurity ID:\t\t\tNULL SID', '\tAccount Name:\t\t\t-', '\tFully Qualified Account Name:\t-', '\tCalled Station Identifier:\t\t10.0.0.1', '\tCalling Station Identifier:\t\t203.0.113.5', '',
  'NAS:', '\tNAS IPv4 Address:\t\t10.0.0.1', '\tNAS IPv6 Address:\t\t-', '\tNAS Identifier:\t\t\tvpn-gw', '\tNAS Port-Type:\t\t\tVirtual', '\tNAS Port:\t\t\t1', '',
  'RADIUS Client:', '\tClient Friendly Name:\t\tvpn-gw', '\tClient IP Address:\t\t\t10.0.0.1', '',
  'Authentication Details:', '\tConnection Request Policy Name:\tUse Windows authentication for all users', '\tNetwork Policy Name:\t\tVPN Users',
  '\tAuthentication Provider:\t\tWindows', '\tAuthentication Server:\t\tNPS01.corp.example.com', '\tAuthentication Type:\t\tMS-CHAPv2', '\tEAP Type:\t\t\t-',
  '\tAccount Session Identifier:\t\t-', '\tLogging Results:\t\t\tAccounting information was written to the local log file.', '\tReason Code:\t\t\t16', `\tReason:\t\t\t\t${DENIED}`,
].join('\n');

void describe('Network Policy Server (Security 6272–6278)', () => {
  void it('reads granted and denied access as logins from the calling station, with the RADIUS client and policy', async () => {
    const { events, errors } = await readLogText(dirs.fresh(), 'security.jsonl', [
      nps(6273, 0, { SubjectUserName: 'alice', CallingStationID: '203.0.113.5', ReasonCode: '16', Reason: DENIED }),
      nps(6273, 1, { SubjectUserName: 'ghost', CallingStationID: '203.0.113.5', ReasonCode: '8', Reason: 'The specified user account does not exist.' }),
      nps(6272, 2, { SubjectUserSid: 'S-1-5-21-1-2-3-1104', SubjectUserName: 'bob', CallingStationID: 'DE-AD-BE-EF-00-01', ClientName: 'wlc01', NetworkPolicyName: 'Wireless', AuthenticationType: 'PEAP' }),
      nps(6274, 3, { FullyQualifiedSubjectUserName: 'CORP\\carol', CallingStationID: '198.51.100.7', ReasonCode: '3', Reason: 'The RADIUS request did not match any configured connection request policy.' }),
    ].join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.outcome, e.user?.name, e.user?.domain, e.user?.id, e.source?.ip ?? e.source?.mac, e.labels?.nps_client, e.labels?.['auth.unknown_user']]),
      [
        ['login', 'failure', 'alice', 'CORP', undefined, '203.0.113.5', 'vpn-gw', undefined],
        ['login', 'failure', 'ghost', 'CORP', undefined, '203.0.113.5', 'vpn-gw', 'true'],
        ['login', 'success', 'bob', 'CORP', 'S-1-5-21-1-2-3-1104', 'de:ad:be:ef:00:01', 'wlc01', undefined],
        ['login', 'failure', 'carol', 'CORP', undefined, '198.51.100.7', 'vpn-gw', undefined],
      ],
    );
    assert.equal(events[0]?.event.reason, DENIED);
    assert.ok(events.every((e) => selected(e, { category: 'authentication' }) && selected(e, SECURITY)));
    assert.equal(read(events[0], SECURITY, 'CallingStationID'), '203.0.113.5');
  });

  void it("reads Event Viewer's rendered 6273: the user's and the client machine's accounts told apart", async () => {
    const csv = `Keywords,Date and Time,Source,Event ID,Task Category\nAudit Failure,11/23/2024 10:00:00 AM,Microsoft-Windows-Security-Auditing,6273,Network Policy Server,"${RENDERED.replaceAll('"', '""')}"\n`;
    const { events, formats } = await readLogText(dirs.fresh(), 'security.csv', csv);
    assert.deepEqual(formats, ['windows-csv']);
    const [denied] = events;
    assert.deepEqual([denied?.event.action, denied?.event.outcome, denied?.user?.name, denied?.user?.domain, denied?.user?.id, denied?.source?.ip], ['login', 'failure', 'alice', 'CORP', undefined, '203.0.113.5']);
    assert.deepEqual(['SubjectUserName', 'FullyQualifiedSubjectMachineName', 'ClientName', 'ReasonCode', 'NetworkPolicyName'].map((name) => read(denied!, SECURITY, name)), ['alice', '-', 'vpn-gw', '16', 'VPN Users']);
  });

  void it("raises the pack's brute-force alert on denied VPN logins from one client", async () => {
    const dir = dirs.fresh();
    const lines = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((user, i) => nps(6273, i * 10, { SubjectUserName: user, CallingStationID: '203.0.113.99', ReasonCode: '16', Reason: DENIED }));
    await readLogText(dir, 'security.jsonl', `${lines.join('\n')}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [join(dir, 'security.jsonl')]);
    assert.ok(titles.includes("Brute force against an application's login from one source"), titles.join(' | '));
  });
});
