import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDraft } from '../../src/ingest/formats/windows-json/build.ts';
import { mapperFor, type Family } from '../../src/ingest/formats/windows-json/mappers/index.ts';
import type { Mapper } from '../../src/ingest/formats/windows-json/mappers/types.ts';
import type { WinRecord } from '../../src/ingest/formats/windows-json/record.ts';

/**
 * Windows drafts are compacted in place (compactOwned), so every mapper must build each object of its
 * fields for the one record: none shared between two records (module constants) or used twice in one.
 * Every mapper of every event log runs on EventData where any field it asks for is present.
 */

const FAMILIES: Family[] = ['security', 'sysmon', 'system', 'powershell', 'iis', 'rdp-connection', 'rdp-session', 'rdp-core', 'defender', 'task-scheduler', 'wmi', 'bits', 'firewall', 'mssql', 'openssh', 'msi', 'application-error', 'rdp-client', 'winrm', 'other'];
const CHANNELS: Record<Family, string> = {
  security: 'Security', sysmon: 'Microsoft-Windows-Sysmon/Operational', system: 'System', powershell: 'Microsoft-Windows-PowerShell/Operational', iis: 'Microsoft-IIS-Logging/Logs',
  'rdp-connection': 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', 'rdp-session': 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'rdp-core': 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational', defender: 'Microsoft-Windows-Windows Defender/Operational',
  'task-scheduler': 'Microsoft-Windows-TaskScheduler/Operational', wmi: 'Microsoft-Windows-WMI-Activity/Operational', bits: 'Microsoft-Windows-Bits-Client/Operational',
  firewall: 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall', mssql: 'Application', openssh: 'OpenSSH/Operational', msi: 'Application', 'application-error': 'Application',
  'rdp-client': 'Microsoft-Windows-TerminalServices-RDPClient/Operational', winrm: 'Microsoft-Windows-WinRM/Operational', other: 'Application',
};

/** A plausible value for any EventData field, by the shape its name suggests. */
function valueFor(key: string, variant: number): string {
  if (variant === 1) return '-';
  if (/hash/i.test(key)) return 'SHA1=0123456789ABCDEF0123456789ABCDEF01234567,MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF,IMPHASH=0123456789ABCDEF0123456789ABCDEF';
  if (/(ip|address)$/i.test(key)) return '10.1.2.3';
  if (/port$/i.test(key)) return '4444';
  if (/(image|path|name|file|object|target)/i.test(key)) return 'C:\\Windows\\System32\\cmd.exe';
  if (/user/i.test(key)) return 'CORP\\alice';
  if (/(id|guid|status|type|code)$/i.test(key)) return '0x1F4';
  return variant === 2 ? 'true' : 'x';
}

function data(variant: number): Record<string, string> {
  return new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? valueFor(key, variant) : undefined) });
}

function claim(value: unknown, seen: Set<object>, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  assert.ok(!seen.has(value), `object at ${path} is shared`);
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) claim(inner, seen, `${path}.${key}`);
}

describe('windows mappers own their objects', () => {
  it('no object is shared within or between the drafts of any mapper', () => {
    const mappers = new Map<Mapper, [Family, number]>();
    for (const family of FAMILIES) {
      for (let eventId = 0; eventId <= 10_000; eventId++) {
        const mapper = mapperFor(family, eventId);
        if (mapper !== undefined && !mappers.has(mapper)) mappers.set(mapper, [family, eventId]);
      }
    }
    assert.ok(mappers.size > 40, `${mappers.size} mappers`);
    const seen = new Set<object>();
    for (const [family, eventId] of mappers.values()) {
      for (const variant of [0, 1, 2]) {
        const record: WinRecord = {
          eventId, channel: CHANNELS[family], provider: family === 'sysmon' ? 'Microsoft-Windows-Sysmon' : 'x', computer: 'WS1',
          message: 'Account Name: bob\nDomain Name: CORP', data: data(variant), audit: 'success',
        };
        // The mapper's own result, before compaction, then the draft.
        claim(mapperFor(family, eventId)!(record.data, record), seen, `${family} ${eventId} mapper`);
        claim(buildDraft({ ...record, data: { A: '1' } }).fields, seen, `${family} ${eventId} draft`);
      }
    }
  });
});
