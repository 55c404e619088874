import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadYaml, matcher, ruleText } from './helpers.ts';
import { testEvent } from './resolver.ts';

describe('Sigma values', () => {
  it('matches plain strings whole and case-insensitively by default', () => {
    const m = matcher(`selection:\n    Image: 'C:\\Windows\\cmd.exe'\ncondition: selection`);
    assert.equal(m({ Image: 'C:\\Windows\\cmd.exe' }), true);
    assert.equal(m({ Image: 'c:\\WINDOWS\\CMD.EXE' }), true);
    assert.equal(m({ Image: 'C:\\Windows\\cmd.exe.bak' }), false);
    assert.equal(m({ Image: 'D:\\Windows\\cmd.exe' }), false);
  });

  it('reads * as any run and ? as one character, at any position', () => {
    const m = matcher(`selection:\n    Image: '*\\sys?em32\\\\*.exe'\ncondition: selection`);
    assert.equal(m({ Image: 'C:\\Windows\\System32\\net.exe' }), true);
    assert.equal(m({ Image: 'C:\\Windows\\SysXem32\\a\\b.exe' }), true);
    assert.equal(m({ Image: 'C:\\Windows\\Systeem32\\net.exe' }), false);
    assert.equal(m({ Image: 'C:\\Windows\\System32\\net.dll' }), false);
    const middle = matcher(`selection:\n    CommandLine: 'a*b*c'\ncondition: selection`);
    assert.equal(middle({ CommandLine: 'abc' }), true);
    assert.equal(middle({ CommandLine: 'a-b-b-c' }), true);
    assert.equal(middle({ CommandLine: 'acb' }), false);
    assert.equal(middle({ CommandLine: 'abcx' }), false);
  });

  it('escapes wildcards with a backslash: \\* and \\? are literal, \\\\ is one backslash', () => {
    const star = matcher(`selection:\n    Value: 'a\\*b'\ncondition: selection`);
    assert.equal(star({ Value: 'a*b' }), true);
    assert.equal(star({ Value: 'axxb' }), false);
    const question = matcher(`selection:\n    Value: 'why\\?'\ncondition: selection`);
    assert.equal(question({ Value: 'why?' }), true);
    assert.equal(question({ Value: 'whyX' }), false);
    const backslashThenWildcard = matcher(`selection:\n    Value: 'dir\\\\*'\ncondition: selection`);
    assert.equal(backslashThenWildcard({ Value: 'dir\\anything' }), true);
    assert.equal(backslashThenWildcard({ Value: 'dir*' }), false);
    const plainBackslash = matcher(`selection:\n    Value: 'C:\\Temp'\ncondition: selection`);
    assert.equal(plainBackslash({ Value: 'C:\\Temp' }), true);
    const doubled = matcher(`selection:\n    Value: '\\\\\\\\server'\ncondition: selection`);
    assert.equal(doubled({ Value: '\\\\server' }), true);
  });

  it('null means absent or null; an empty string means exactly empty', () => {
    const nul = matcher(`selection:\n    User: null\ncondition: selection`);
    assert.equal(nul({}), true);
    assert.equal(nul({ User: null }), true);
    assert.equal(nul({ User: '' }), false);
    assert.equal(nul({ User: 'bob' }), false);
    const empty = matcher(`selection:\n    User: ''\ncondition: selection`);
    assert.equal(empty({ User: '' }), true);
    assert.equal(empty({}), false);
    assert.equal(empty({ User: 'bob' }), false);
    const notNull = matcher(`selection:\n    EventID: 4738\nfilter:\n    PasswordLastSet: null\ncondition: selection and not filter`);
    assert.equal(notNull({ EventID: 4738, PasswordLastSet: '2024-01-01' }), true);
    assert.equal(notNull({ EventID: 4738 }), false);
  });

  it('compares numbers with numeric strings both ways (EventID: 4625 matches 4625 and "4625")', () => {
    const m = matcher(`selection:\n    EventID: 4625\ncondition: selection`);
    assert.equal(m({ EventID: 4625 }), true);
    assert.equal(m({ EventID: '4625' }), true);
    assert.equal(m({ EventID: '4624' }), false);
    assert.equal(m({ EventID: '' }), false);
    const quoted = matcher(`selection:\n    EventID: '4625'\ncondition: selection`);
    assert.equal(quoted({ EventID: 4625 }), true);
    const hex = matcher(`selection:\n    Status: 0xC000006A\ncondition: selection`);
    assert.equal(hex({ Status: '0xc000006a' }), true, 'written as in the rule, any case');
    assert.equal(hex({ Status: 3221225578 }), true);
  });

  it('matches booleans against booleans and their text', () => {
    const m = matcher(`selection:\n    Signed: false\ncondition: selection`);
    assert.equal(m({ Signed: false }), true);
    assert.equal(m({ Signed: 'False' }), true);
    assert.equal(m({ Signed: true }), false);
  });

  it('matches an array field when any element matches; lists of values are OR', () => {
    const m = matcher(`selection:\n    Tags:\n        - alpha\n        - beta\ncondition: selection`);
    assert.equal(m({ Tags: ['gamma', 'BETA'] }), true);
    assert.equal(m({ Tags: ['gamma', 'delta'] }), false);
    assert.equal(m({ Tags: [] }), false);
    assert.equal(m({ Tags: 'alpha' }), true);
    const numbers = matcher(`selection:\n    Port: 445\ncondition: selection`);
    assert.equal(numbers({ Port: [80, 445] }), true);
  });

  it('a map is an AND of its fields, a list of maps an OR of ANDs', () => {
    const m = matcher(`selection:\n    - Image|endswith: '\\net.exe'\n      CommandLine|contains: ' user '\n    - OriginalFileName: net.exe\ncondition: selection`);
    assert.equal(m({ Image: 'C:\\net.exe', CommandLine: 'net user bob' }), true);
    assert.equal(m({ Image: 'C:\\net.exe', CommandLine: 'net group' }), false);
    assert.equal(m({ OriginalFileName: 'NET.EXE' }), true);
  });

  it('keywords search the original record, anywhere in it, OR-linked (AND with |all)', () => {
    const m = matcher(`keywords:\n    - 'event::clear'\n    - 'event::drop'\ncondition: keywords`);
    assert.equal(m({}, { original: 'mimikatz # EVENT::Clear done' }), true);
    assert.equal(m({}, { original: 'nothing here' }), false);
    const all = matcher(`keywords:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords`);
    assert.equal(all({}, { original: 'Set-OabVirtualDirectory -ExternalUrl http://x' }), true);
    assert.equal(all({}, { original: 'Set-OabVirtualDirectory -InternalUrl http://x' }), false);
    const single = matcher(`keywords: 'wget http'\ncondition: keywords`);
    assert.equal(single({}, { original: 'sh -c wget http://evil' }), true);
  });

  it('reads the current value of every event (no stale lower-casing between events or rules of a load)', () => {
    const text = [ruleText(`selection:\n    CommandLine|contains: 'abc'\ncondition: selection`, 'product: windows', 'a'), ruleText(`selection:\n    CommandLine|contains: 'xyz'\ncondition: selection`, 'product: windows', 'b')].join('---\n');
    const [a, b] = loadYaml(text).rules;
    const values = ['ABC', 'XYZ', 'abc', 'Abc xyZ', 'nothing'];
    assert.deepEqual(
      values.map((v) => testEvent({ CommandLine: v })).map((e) => [a!.matches(e), b!.matches(e)]),
      [[true, false], [false, true], [true, false], [true, true], [false, false]],
    );
  });

  it('is case-sensitive only with |cased', () => {
    const m = matcher(`selection:\n    Name|cased: 'Admin'\ncondition: selection`);
    assert.equal(m({ Name: 'Admin' }), true);
    assert.equal(m({ Name: 'admin' }), false);
  });
});
