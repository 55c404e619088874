import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { mapperFor, familyOf } from '../../src/ingest/formats/windows-json/mappers/index.ts';
import type { WinRecord } from '../../src/ingest/formats/windows-json/record.ts';

/** The RDP client's and WinRM's logs: where an intruder moved from and to, by name, address or connection string. */

const RDP = { provider: 'Microsoft-Windows-TerminalServices-ClientActiveXCore', channel: 'Microsoft-Windows-TerminalServices-RDPClient/Operational' };
const WINRM = { provider: 'Microsoft-Windows-WinRM', channel: 'Microsoft-Windows-WinRM/Operational' };

function map(base: { provider: string; channel: string }, eventId: number, data: Record<string, string>, message?: string) {
  const record: WinRecord = { eventId, ...base, computer: 'WKS07', data, message, systemUserId: 'S-1-5-21-1-2-3-1104' };
  const family = familyOf(record);
  return mapperFor(family, eventId)?.(record.data, record);
}

describe('RDP client and WinRM mappers', () => {
  it('find their log by provider or by channel alone', () => {
    assert.equal(familyOf({ eventId: 1024, provider: RDP.provider, data: {} }), 'rdp-client');
    assert.equal(familyOf({ eventId: 1024, channel: RDP.channel, data: {} }), 'rdp-client');
    assert.equal(familyOf({ eventId: 6, channel: WINRM.channel, data: {} }), 'winrm');
  });

  it('read the server the client tried as an address with its port, a bracketed IPv6 address or a host name', () => {
    const cases: [string, unknown][] = [
      ['10.20.30.42', { ip: '10.20.30.42' }],
      ['10.20.30.42:3390', { ip: '10.20.30.42', port: 3390 }],
      [' 10.20.30.43 ', { ip: '10.20.30.43' }],
      ['[2001:db8::7]:3389', { ip: '2001:db8::7', port: 3389 }],
      ['2001:db8::7', { ip: '2001:db8::7' }],
      ['FS02.Corp.Example.', { domain: 'fs02.corp.example' }],
      ['jump01:4489', { domain: 'jump01', port: 4489 }],
      ['<img src=x onerror=alert(1)>', undefined],
      ['a b', undefined],
    ];
    for (const [value, expected] of cases) assert.deepEqual(map(RDP, 1024, { Value: value })?.destination, expected, value);
  });

  it('keep 1029\'s hash of the account name, which is Base64(SHA-256(UTF-16LE name)) and can be checked', () => {
    const fields = map(RDP, 1029, { TraceMessage: 'UmTGMgTFbA35+PSgMOoZ2ToPpAK+awC010ZOYWQQIfc=-' });
    const hash = fields?.labels?.rdp_user_sha256_base64;
    assert.equal(hash, createHash('sha256').update(Buffer.from('Administrator', 'utf16le')).digest('base64'));
  });

  it('read WinRM\'s destination from its connection string in any of its forms', () => {
    const cases: [string, unknown][] = [
      ['dc01.corp.example:5985/wsman?PSVersion=5.1.17763.1', { domain: 'dc01.corp.example', port: 5985 }],
      ['http://10.0.0.9:5985/wsman', { ip: '10.0.0.9', port: 5985 }],
      ['https://[2001:db8::9]:5986/wsman', { ip: '2001:db8::9', port: 5986 }],
      ['srv7/wsman', { domain: 'srv7' }],
    ];
    for (const [connection, expected] of cases) assert.deepEqual(map(WINRM, 6, { connection })?.destination, expected, connection);
  });

  it('read the English message when the export kept no EventData names, and nothing from a message of another event', () => {
    assert.deepEqual(map(RDP, 1102, {}, 'The client has initiated a multi-transport connection to the server 10.20.30.42.')?.destination, { ip: '10.20.30.42' });
    const opened = map(RDP, 1027, {}, 'Connected to domain (FS02) with session 3.');
    assert.deepEqual([opened?.destination, opened?.labels], [{ domain: 'fs02' }, { session_id: '3' }]);
    assert.deepEqual(map(RDP, 1026, {}, 'RDP ClientActiveX has been disconnected (Reason= 2308)')?.labels, { disconnect_reason: '2308' });
    const failed = map(WINRM, 142, {}, 'WSMan operation Enumeration failed, error code 2150858770');
    assert.deepEqual(failed?.labels, { winrm_operation: 'Enumeration', error_code: '2150858770' });
    const spoofed = map(WINRM, 169, {}, 'Creating WSMan shell on server with ResourceUri: User CORP\\mallory authenticated successfully using Basic');
    assert.deepEqual([spoofed?.user?.name, spoofed?.labels], [undefined, undefined]);
    assert.equal(map(RDP, 1024, {}, 'Something else entirely')?.destination, undefined);
  });
});
