import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf } from '../detect/mapping/helpers.ts';

/** Active Directory, account and reconnaissance events of the Security log: who acted, on what. */

const base = { Channel: 'Security', ProviderName: 'Microsoft-Windows-Security-Auditing', Computer: 'DC01.corp.local', SubjectUserSid: 'S-1-5-21-1004336348-1177238915-682003330-1105', SubjectUserName: 'mallory', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7aa' };
const record = (id: number, second: number, data: Record<string, string>) => JSON.stringify({ EventID: id, TimeCreated: `2024-11-23T10:00:${String(second).padStart(2, '0')}.000Z`, Keywords: '0x8020000000000000', ...base, ...data });

void describe('Security directory, account and reconnaissance events', () => {
  void it('reads DCSync-style replication requests, directory changes, enumeration, renames, computers and groups', async () => {
    const lines = [
      record(4662, 1, { ObjectServer: 'DS', ObjectType: '%{19195a5b-6da0-11d0-afd3-00c04fd930c9}', ObjectName: '%{4c164200-20c0-11d0-a768-00aa006e0529}', OperationType: 'Object Access', AccessMask: '0x100', Properties: '%%7688\r\n\t\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}\r\n\t{19195a5b-6da0-11d0-afd3-00c04fd930c9}' }),
      record(5136, 2, { DSName: 'corp.local', ObjectDN: 'CN=svc-sql,OU=Service,DC=corp,DC=local', ObjectClass: 'user', ObjectGUID: '{8b0f2f0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f}', AttributeLDAPDisplayName: 'servicePrincipalName', AttributeValue: 'HTTP/evil.corp.local', OperationType: '%%14674' }),
      record(4799, 3, { TargetUserName: 'Administrators', TargetDomainName: 'Builtin', TargetSid: 'S-1-5-32-544', CallerProcessId: '0x1a2c', CallerProcessName: 'C:\\Windows\\System32\\net1.exe' }),
      record(4798, 4, { TargetUserName: 'alice', TargetDomainName: 'WS01', TargetSid: 'S-1-5-21-1-2-3-1001', CallerProcessId: '0x1a2d', CallerProcessName: 'C:\\Windows\\System32\\net1.exe' }),
      record(4781, 5, { OldTargetUserName: 'bob', NewTargetUserName: 'b0b', TargetDomainName: 'CORP', TargetSid: 'S-1-5-21-1-2-3-1200' }),
      record(4741, 6, { TargetUserName: 'EVIL01$', TargetDomainName: 'CORP', TargetSid: 'S-1-5-21-1-2-3-4101', SamAccountName: 'EVIL01$' }),
      record(4731, 7, { TargetUserName: 'backdoor-admins', TargetDomainName: 'WS01', TargetSid: 'S-1-5-21-1-2-3-1300', SamAccountName: 'backdoor-admins' }),
    ];
    const events = await eventsOf('security.jsonl', `${lines.join('\n')}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.action, e.event.outcome, e.user?.name, e.user?.target?.name, e.user?.group?.name]),
      [
        ['4662', 'directory-object-operation', 'success', 'mallory', undefined, undefined],
        ['5136', 'directory-object-modified', 'success', 'mallory', undefined, undefined],
        ['4799', 'group-members-enumerated', 'success', 'mallory', undefined, 'Administrators'],
        ['4798', 'user-groups-enumerated', 'success', 'mallory', 'alice', undefined],
        ['4781', 'user-renamed', 'success', 'mallory', 'b0b', undefined],
        ['4741', 'computer-account-created', 'success', 'mallory', 'EVIL01$', undefined],
        ['4731', 'group-created', 'success', 'mallory', undefined, 'backdoor-admins'],
      ],
    );
    const [access, modified, members, groups, rename] = events;
    assert.match(access?.labels?.properties ?? '', /1131f6aa-9c07-11d1-f79f-00c04fc2dcd2/);
    assert.deepEqual([modified?.labels?.attribute, modified?.labels?.attribute_value, modified?.labels?.operation, modified?.labels?.object_dn], ['servicePrincipalName', 'HTTP/evil.corp.local', 'value-added', 'CN=svc-sql,OU=Service,DC=corp,DC=local']);
    assert.deepEqual([members?.process?.executable, members?.process?.pid, members?.labels?.group_domain], ['C:\\Windows\\System32\\net1.exe', 0x1a2c, 'Builtin']);
    assert.equal(groups?.user?.target?.domain, 'WS01');
    assert.equal(rename?.labels?.old_name, 'bob');
  });

  void it('takes a failed 4662 as a failure, by its audit keyword', async () => {
    const failed = JSON.stringify({ ...JSON.parse(record(4662, 9, { ObjectServer: 'DS', AccessMask: '0x100' })) as object, Keywords: '0x8010000000000000' });
    const [e] = await eventsOf('security.jsonl', `${failed}\n`);
    assert.equal(e?.event.outcome, 'failure');
  });
});
