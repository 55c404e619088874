import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventText } from '../../src/schema/event-text.ts';
import { runCli } from '../helpers/cli.ts';

/** The line that stands for an event in lists, for Windows and cloud audit records that carry no rendered message. */

const SYSMON_1 = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS-01.corp.example',
      TimeCreated: { '#attributes': { SystemTime: '2026-03-01T10:00:00.123456Z' } }, EventRecordID: 5001,
    },
    EventData: {
      RuleName: '-', UtcTime: '2026-03-01 10:00:00.123', ProcessGuid: '0197231E-005A-6928-A50B-000000000D00', ProcessId: 4461,
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: 'powershell.exe -enc SQBFAFgA',
      User: 'CORP\\alice', ParentImage: 'C:\\Windows\\explorer.exe', Description: '',
    },
  },
};

describe('event text', () => {
  it('is the message when there is one, else the original record', () => {
    const base = { event: { kind: 'event' as const, dataset: 'sshd', original: 'raw line' } };
    assert.equal(eventText({ ...base, message: 'Failed password for root' }), 'Failed password for root');
    assert.equal(eventText(base), 'raw line');
    assert.equal(eventText({ ...base, winlog: { event_data: { RuleName: '-', ProcessGuid: 'X', SourceProcessGUID: 'Y' } } }), 'raw line', 'nothing but identifiers: the record');
  });

  it("is a Windows record's event data, without empty values and identifiers, in `vigil search`", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-event-text-'));
    writeFileSync(join(dir, 'sysmon.json'), `${JSON.stringify(SYSMON_1)}\n`);
    assert.equal(runCli(['ingest', 'sysmon.json', '--json'], { cwd: dir }).status, 0);
    const search = runCli(['search', 'powershell'], { cwd: dir });
    assert.equal(search.status, 0, search.stderr);
    const expected = 'ProcessId: 4461 · Image: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe · CommandLine: powershell.exe -enc SQBFAFgA · User: CORP\\alice · ParentImage: C:\\Windows\\explorer.exe';
    const line = search.stdout.split('\n').find((l) => l.includes('windows.sysmon')) ?? '';
    assert.ok(line.includes('process-start'), line);
    assert.ok(!line.includes('#attributes') && !line.includes('Guid') && !line.includes('RuleName'), line);
    assert.ok(line.endsWith(`  ${expected}`), line);
  });

  it('is what a cloud audit record did, by whom, on whom, from where and why it failed, in `vigil search`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-event-text-'));
    const trail = {
      eventVersion: '1.08', eventTime: '2026-03-01T10:00:00Z', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey',
      userIdentity: { type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::1:user/alice' }, requestParameters: { userName: 'svc-backup' }, errorCode: 'AccessDenied', errorMessage: 'not authorized',
    };
    const audit = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseComplete', verb: 'create', requestURI: '/api/v1/namespaces/prod/pods/web/exec', user: { username: 'dev' }, sourceIPs: ['198.51.100.23'], responseStatus: { code: 101 }, requestReceivedTimestamp: '2026-03-01T10:01:00Z' };
    writeFileSync(join(dir, 'trail.jsonl'), `${JSON.stringify(trail)}\n`);
    writeFileSync(join(dir, 'audit.jsonl'), `${JSON.stringify(audit)}\n`);
    assert.equal(runCli(['ingest', 'trail.jsonl', 'audit.jsonl', '--json'], { cwd: dir }).status, 0);
    const search = runCli(['search', '--limit', '10'], { cwd: dir });
    assert.equal(search.status, 0, search.stderr);
    const lines = search.stdout.split('\n');
    const trailLine = lines.find((l) => l.includes('aws.cloudtrail')) ?? '';
    assert.ok(trailLine.endsWith('CreateAccessKey · alice → svc-backup · from 203.0.113.7 · failed: not authorized'), trailLine);
    const auditLine = lines.find((l) => l.includes('kubernetes.audit')) ?? '';
    assert.ok(auditLine.endsWith('create /api/v1/namespaces/prod/pods/web/exec · dev · from 198.51.100.23'), auditLine);
  });
});
