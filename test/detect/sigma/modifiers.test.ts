import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODIFIERS } from '../../../src/detect/sigma/modifiers/index.ts';
import { matcher, problemOf, ruleText } from './helpers.ts';

const sel = (entry: string): string => `selection:\n    ${entry}\ncondition: selection`;
const b64 = (text: string, encoding: BufferEncoding = 'utf8'): string => Buffer.from(text, encoding).toString('base64');

describe('Sigma modifiers', () => {
  it('has one implementation for every modifier of the specification (v2.1) and pySigma', () => {
    const ids = ['contains', 'startswith', 'endswith', 'all', 'exists', 'cased', 'neq', 'windash', 're', 'i', 'm', 's', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'lt', 'lte', 'gt', 'gte', 'cidr', 'expand', 'fieldref', 'minute', 'hour', 'day', 'week', 'month', 'year'];
    for (const id of ids) assert.ok(MODIFIERS.has(id), id);
    assert.equal(MODIFIERS.get('ignorecase'), MODIFIERS.get('i'));
  });

  it('contains / startswith / endswith anchor the value', () => {
    const c = matcher(sel(`CommandLine|contains: 'whoami'`));
    assert.equal(c({ CommandLine: 'cmd /c WHOAMI /all' }), true);
    assert.equal(c({ CommandLine: 'who am i' }), false);
    const s = matcher(sel(`Image|startswith: 'C:\\Users\\'`));
    assert.equal(s({ Image: 'c:\\users\\bob\\a.exe' }), true);
    assert.equal(s({ Image: 'D:\\C:\\Users\\' }), false);
    const e = matcher(sel(`Image|endswith: '\\rundll32.exe'`));
    assert.equal(e({ Image: 'C:\\Windows\\System32\\RUNDLL32.EXE' }), true);
    assert.equal(e({ Image: 'C:\\rundll32.exe.tmp' }), false);
    const wild = matcher(sel(`CommandLine|contains: 'a?c'`));
    assert.equal(wild({ CommandLine: 'xxabcxx' }), true);
    assert.equal(wild({ CommandLine: 'xxacxx' }), false);
  });

  it('all links the values with AND', () => {
    const m = matcher(sel(`CommandLine|contains|all:\n        - ' -nop '\n        - ' -w hidden '`));
    assert.equal(m({ CommandLine: 'powershell -nop -w hidden -c x' }), true);
    assert.equal(m({ CommandLine: 'powershell -nop -c x' }), false);
    const arrays = matcher(sel(`Args|all:\n        - a\n        - b`));
    assert.equal(arrays({ Args: ['b', 'a'] }), true, 'each value may be met by a different element');
    assert.equal(arrays({ Args: ['a', 'c'] }), false);
  });

  it('exists checks presence only (an empty or null value is present)', () => {
    const yes = matcher(sel(`Hashes|exists: true`));
    assert.equal(yes({ Hashes: '' }), true);
    assert.equal(yes({ Hashes: null }), true);
    assert.equal(yes({}), false);
    const no = matcher(sel(`Hashes|exists: false`));
    assert.equal(no({}), true);
    assert.equal(no({ Hashes: 'x' }), false);
    assert.equal(problemOf(ruleText(sel(`Hashes|exists: maybe`))).status, 'invalid');
  });

  it('cased compares case-sensitively', () => {
    const m = matcher(sel(`CommandLine|contains|cased: 'IEX'`));
    assert.equal(m({ CommandLine: 'x; IEX(y)' }), true);
    assert.equal(m({ CommandLine: 'x; iex(y)' }), false);
  });

  it('neq: present and none of the values; an absent field does not match', () => {
    const m = matcher(sel(`DestinationPort|neq: 445`));
    assert.equal(m({ DestinationPort: 80 }), true);
    assert.equal(m({ DestinationPort: '445' }), false);
    assert.equal(m({}), false);
    const list = matcher(sel(`User|neq:\n        - SYSTEM\n        - LOCAL SERVICE`));
    assert.equal(list({ User: 'bob' }), true);
    assert.equal(list({ User: 'system' }), false);
    assert.equal(list({ User: 'Local Service' }), false);
  });

  it('windash: every flag dash spelling (-, /, en dash, em dash, horizontal bar), only before a word', () => {
    const m = matcher(sel(`CommandLine|contains|windash: ' -enc '`));
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) assert.equal(m({ CommandLine: `powershell ${dash}enc AAA` }), true, dash);
    assert.equal(m({ CommandLine: 'powershell +enc AAA' }), false);
    const inner = matcher(sel(`CommandLine|windash: 'a-b'`));
    assert.equal(inner({ CommandLine: 'a-b' }), true);
    assert.equal(inner({ CommandLine: 'a/b' }), false, 'a dash inside a word is not a flag');
    const both = matcher(sel(`CommandLine|windash|contains|all:\n        - '-a'\n        - '-b'`));
    assert.equal(both({ CommandLine: 'x /a /b' }), true, 'expansions stay OR inside an AND list');
    assert.equal(both({ CommandLine: 'x /a' }), false);
  });

  it('re: a case-sensitive search anywhere; i, m and s set the flags', () => {
    const m = matcher(sel(`CommandLine|re: '\\s-e(nc)?\\s+[A-Za-z0-9+/=]{8,}'`));
    assert.equal(m({ CommandLine: 'powershell -enc SQBFAFgAIAAoAE4A' }), true);
    assert.equal(m({ CommandLine: 'powershell -ENC SQBFAFgAIAAoAE4A' }), false);
    const i = matcher(sel(`CommandLine|re|i: 'mimikatz'`));
    assert.equal(i({ CommandLine: 'MimiKatz.exe' }), true);
    const mOff = matcher(sel(`Text|re: '^foo$'`));
    const mOn = matcher(sel(`Text|re|m: '^foo$'`));
    assert.equal(mOff({ Text: 'bar\nfoo' }), false);
    assert.equal(mOn({ Text: 'bar\nfoo' }), true);
    const sOff = matcher(sel(`Text|re: 'a.b'`));
    const sOn = matcher(sel(`Text|re|s: 'a.b'`));
    assert.equal(sOff({ Text: 'a\nb' }), false);
    assert.equal(sOn({ Text: 'a\nb' }), true);
    assert.equal(problemOf(ruleText(sel(`Text|i: 'x'`))).status, 'invalid', 'i without re');
  });

  it('base64 and base64offset find encoded text', () => {
    const m = matcher(sel(`CommandLine|base64: 'whoami'`));
    assert.equal(m({ CommandLine: b64('whoami') }), true);
    assert.equal(m({ CommandLine: `x ${b64('whoami')}` }), false, 'base64 alone matches the whole value');
    const offset = matcher(sel(`CommandLine|base64offset|contains: 'http://'`));
    for (const prefix of ['', 'a', 'ab']) assert.equal(offset({ CommandLine: `-e ${b64(`${prefix}http://evil.example/x`)}` }), true, `offset ${prefix.length}`);
    assert.equal(offset({ CommandLine: `-e ${b64('https://evil.example/x')}` }), false);
    assert.equal(problemOf(ruleText(sel(`CommandLine|base64: 'who*'`))).status, 'invalid', 'no wildcards under base64');
  });

  it('utf16le / wide / utf16be / utf16 encode before base64', () => {
    const le = matcher(sel(`Payload|utf16le|base64: 'cmd'`));
    assert.equal(le({ Payload: 'YwBtAGQA' }), true);
    const wide = matcher(sel(`Payload|wide|base64: 'cmd'`));
    assert.equal(wide({ Payload: 'YwBtAGQA' }), true);
    const be = matcher(sel(`Payload|utf16be|base64: 'cmd'`));
    assert.equal(be({ Payload: 'AGMAbQBk' }), true);
    const bom = matcher(sel(`Payload|utf16|base64: 'cmd'`));
    assert.equal(bom({ Payload: '//5jAG0AZAA=' }), true);
    const ps = matcher(sel(`CommandLine|wide|base64offset|contains: 'New-Object Net.WebClient'`));
    assert.equal(ps({ CommandLine: `powershell -enc ${b64('IEX (New-Object Net.WebClient).DownloadString(1)', 'utf16le')}` }), true);
    assert.equal(ps({ CommandLine: `powershell -enc ${b64('IEX (New-Object Net.WebClient).DownloadString(1)')}` }), false, 'UTF-8 payload is not the wide form');
  });

  it('lt / lte / gt / gte compare numbers and numeric strings', () => {
    const cases: [string, number, boolean][] = [
      ['lt', 99, true],
      ['lt', 100, false],
      ['lte', 100, true],
      ['gt', 100, false],
      ['gt', 101, true],
      ['gte', 100, true],
    ];
    for (const [op, value, expected] of cases) {
      const m = matcher(sel(`Size|${op}: 100`));
      assert.equal(m({ Size: value }), expected, `${value} ${op} 100`);
      assert.equal(m({ Size: String(value) }), expected, `"${value}" ${op} 100`);
    }
    assert.equal(matcher(sel(`Size|gt: 100`))({ Size: 'big' }), false);
    assert.equal(problemOf(ruleText(sel(`Size|gt: big`))).status, 'invalid');
  });

  it('cidr matches IPv4 and IPv6 networks (IPv4-mapped IPv6 as IPv4)', () => {
    const v4 = matcher(sel(`DestinationIp|cidr:\n        - '10.0.0.0/8'\n        - '192.168.0.0/16'`));
    assert.equal(v4({ DestinationIp: '10.200.3.4' }), true);
    assert.equal(v4({ DestinationIp: '192.168.1.1' }), true);
    assert.equal(v4({ DestinationIp: '11.0.0.1' }), false);
    assert.equal(v4({ DestinationIp: '::ffff:10.0.0.1' }), true);
    assert.equal(v4({ DestinationIp: 'not an ip' }), false);
    const v6 = matcher(sel(`SourceIp|cidr: 'fe80::/10'`));
    assert.equal(v6({ SourceIp: 'fe80::1' }), true);
    assert.equal(v6({ SourceIp: 'FEBF:1::2' }), true);
    assert.equal(v6({ SourceIp: 'fec0::1' }), false);
    assert.equal(v6({ SourceIp: '10.0.0.1' }), false);
    const doc = matcher(sel(`SourceIp|cidr: '2001:db8::/32'`));
    assert.equal(doc({ SourceIp: '2001:DB8:0:1::5' }), true);
    assert.equal(problemOf(ruleText(sel(`SourceIp|cidr: '10.0.0.0/33'`))).status, 'invalid');
  });

  it('expand fills placeholders from the configured values (OR), \\% is a plain percent', () => {
    const m = matcher(sel(`ComputerName|expand: '%Workstations%'`), { placeholders: { Workstations: ['ws-*', 'lab1'] } });
    assert.equal(m({ ComputerName: 'WS-0042' }), true);
    assert.equal(m({ ComputerName: 'lab1' }), true);
    assert.equal(m({ ComputerName: 'srv-01' }), false);
    const mixed = matcher(sel(`Path|expand: '\\%plain%dir%'`), { placeholders: { dir: ['tmp'] } });
    assert.equal(mixed({ Path: '%plaintmp' }), true);
  });

  it('fieldref compares two fields of the event (case-insensitive), with anchors after it', () => {
    const m = matcher(sel(`TargetFilename|fieldref: Image`));
    assert.equal(m({ TargetFilename: 'C:\\a.exe', Image: 'c:\\A.EXE' }), true);
    assert.equal(m({ TargetFilename: 'C:\\a.exe', Image: 'C:\\b.exe' }), false);
    assert.equal(m({ TargetFilename: 'C:\\a.exe' }), false);
    const ends = matcher(sel(`CommandLine|fieldref|endswith: Image`));
    assert.equal(ends({ CommandLine: '"x" C:\\a.exe', Image: 'C:\\a.exe' }), true);
    const filter = matcher(`selection:\n    EventID: 4648\nfilter:\n    SubjectUserName|fieldref: TargetUserName\ncondition: selection and not filter`);
    assert.equal(filter({ EventID: 4648, SubjectUserName: 'bob', TargetUserName: 'BOB' }), false);
    assert.equal(filter({ EventID: 4648, SubjectUserName: 'bob', TargetUserName: 'admin' }), true);
  });

  it('minute / hour / day / week / month / year compare parts of a time (UTC), of a field or of the event', () => {
    const time = '2024-03-05T03:15:00Z';
    const cases: [string, number][] = [['minute', 15], ['hour', 3], ['day', 5], ['week', 10], ['month', 3], ['year', 2024]];
    for (const [part, value] of cases) {
      const m = matcher(sel(`LogonTime|${part}: ${value}`));
      assert.equal(m({ LogonTime: time }), true, part);
      assert.equal(m({ LogonTime: '2023-12-31T23:59:00Z' }), false, part);
    }
    assert.equal(matcher(sel(`LogonTime|hour: 3`))({ LogonTime: '2024-03-05 03:15:00' }), true, 'no zone reads as UTC');
    assert.equal(matcher(sel(`LogonTime|year: 2024`))({ LogonTime: 1709608500 }), true, 'epoch seconds');
    assert.equal(matcher(sel(`LogonTime|day: 5`))({ LogonTime: '2024-03-05' }), true, 'a date alone');
    assert.equal(matcher(sel(`LogonTime|day: 5`))({ LogonTime: 'not a time' }), false);
    assert.equal(matcher(sel(`LogonTime|week: 1`))({ LogonTime: '2021-01-04T00:00:00Z' }), true, 'ISO week');
    assert.equal(matcher(sel(`LogonTime|week: 53`))({ LogonTime: '2021-01-03T00:00:00Z' }), true, 'ISO week of the previous year');
    const night = matcher(sel(`'|hour|gte': 22`));
    assert.equal(night({}, { time: '2024-03-05T23:10:00Z' }), true, "keyword form: the event's time");
    assert.equal(night({}, { time: '2024-03-05T12:10:00Z' }), false);
    assert.equal(night({}), false, 'an event without time');
  });
});
