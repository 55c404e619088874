import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRegex } from '../../../src/detect/sigma/match/regex.ts';

function regex(pattern: string, flags = ''): RegExp {
  const result = compileRegex(pattern, flags);
  if ('reason' in result) throw new Error(result.reason);
  return result.regex;
}

function refused(pattern: string): string {
  const result = compileRegex(pattern, '');
  assert.ok('reason' in result, `${pattern} should be refused`);
  return result.reason;
}

describe('PCRE → JavaScript regular expressions', () => {
  it('keeps the specification subset as it is', () => {
    const r = regex('^C:\\\\Windows\\\\(System32|SysWOW64)\\\\[a-z]{3,8}\\.exe$');
    assert.equal(r.test('C:\\Windows\\System32\\cmd.exe'), true);
    assert.equal(r.test('C:\\Windows\\System32\\CMD.exe'), false);
  });

  it('turns a leading (?i) / (?s) / (?m) into flags', () => {
    assert.equal(regex('(?i)mimikatz').test('MIMIKATZ'), true);
    assert.equal(regex('(?s)a.b').test('a\nb'), true);
    assert.equal(regex('(?im)^x$').test('A\nX'), true);
  });

  it('translates PCRE spellings: (?P<n>…), (?P=n), \\A, \\z, a ] first in a class', () => {
    assert.equal(regex('(?P<w>ab)-(?P=w)').test('ab-ab'), true);
    assert.equal(regex('(?P<w>ab)-(?P=w)').test('ab-ac'), false);
    assert.equal(regex('\\Aabc\\z').test('abc'), true);
    assert.equal(regex('\\Aabc\\z').test('xabc'), false);
    assert.equal(regex('[]x]+').test(']x]'), true);
    assert.equal(regex('[^]]').test(']'), false);
  });

  it('refuses what JavaScript would read differently instead of running it', () => {
    assert.match(refused('a++'), /possessive/);
    assert.match(refused('(?>ab)c'), /atomic/);
    assert.match(refused('\\Qa.b\\E'), /escape \\Q/);
    assert.match(refused('\\x{41}'), /x\{/);
    assert.match(refused('(?x) a b'), /extended/);
    assert.match(refused('a(?i)b'), /group syntax/);
    assert.match(refused('(unclosed'), /regular expression/);
  });
});
