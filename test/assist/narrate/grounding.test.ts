import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractClaims } from '../../../src/assist/narrate/claims.ts';
import { checkGrounding, containsToken, evidenceFromFacts } from '../../../src/assist/narrate/grounding.ts';
import { bruteForceFacts, ids } from '../../helpers/facts.ts';

const facts = bruteForceFacts();
const evidence = evidenceFromFacts(facts);
const flagged = (answer: string) => checkGrounding(answer, evidence).map((f) => `${f.kind}:${f.value}`);

describe('grounding check', () => {
  it('flags an IP address the evidence does not contain', () => {
    const result = checkGrounding('The attack came from 198.51.100.23 and 203.0.113.9 [F2].', evidence);
    assert.deepEqual(result.map((f) => [f.kind, f.value]), [['ip', '198.51.100.23']]);
    assert.match(result[0]!.reason, /does not appear in the evidence/);
  });

  it('flags nothing in an answer that names only evidence values', () => {
    const answer = [
      'An SSH brute force from 203.0.113.9 against root and admin on host web-01 ended in a success for user root at 10:42:13 UTC [F1][F3].',
      'There were 1204 failed logins on port 22 between 2026-11-20 10:00:00 and 10:42:13 UTC [F2]; the incident has high severity (score 62) [F1].',
      'The technique is T1110.001 (parent T1110); the IPv6 source 2001:0DB8:0:0:0:0:0:7 also appears [F4].',
      `Event ${facts[2]!.citations.events[0] ?? ''} shows the success.`,
    ].join('\n');
    assert.deepEqual(flagged(answer), []);
  });

  it('compares IPv6 addresses in normal form and IPv4-mapped addresses as IPv4', () => {
    assert.deepEqual(flagged('Seen: 2001:db8:0::7, ::ffff:203.0.113.9, 2001:db8::8.'), ['ip:2001:db8::8']);
  });

  it('flags techniques, hashes, e-mail addresses, domains, URLs and executables that are not in the evidence', () => {
    const answer = [
      'It also matches T1059.001 and T1110.003.',
      'The payload hash was 44d88612fea8a8f36de82e1278abb02f, sent to ops@evil.example.com.',
      'It called back to c2.badsite.ru and fetched http://203.0.113.9/x.sh, then ran mimikatz.exe.',
    ].join(' ');
    assert.deepEqual(flagged(answer).sort(), [
      'domain:c2.badsite.ru',
      'hash:44d88612fea8a8f36de82e1278abb02f',
      'process:mimikatz.exe',
      'technique:T1059.001',
      'technique:T1110.003',
      'url:http://203.0.113.9/x.sh',
      'user:ops@evil.example.com',
    ]);
  });

  it('flags user and host names introduced by a keyword, single or listed, bare or quoted', () => {
    assert.deepEqual(flagged('The account "svc_backup" and users root, oracle and admin were targeted; host DB-02 too.').sort(), ['host:DB-02', 'user:oracle', 'user:svc_backup']);
    assert.deepEqual(flagged("Logins for username 'Alice Smith' failed."), ['user:Alice Smith']);
  });

  it('does not flag ordinary words, counts, ports, times, dates, versions, file names or field names', () => {
    const answer = [
      'The user account was targeted by a user agent string; user activity and account lockout policy matter.',
      'About 1204 attempts over 42 minutes on port 22 and port 2222, on 2026-11-20 at 10:00:00Z (10:42 UTC).',
      'OpenSSH version 8.9.1.2 (v1.2.3.4) and build 10.0.19041.1 are fine; see auth.log, sshd_config, run.sh, README.md.',
      'The fields source.ip and user.name hold the values; the host was busy; hosts were affected.',
      'Host names are case-insensitive: WEB-01 is web-01, and ROOT is root.',
    ].join(' ');
    assert.deepEqual(flagged(answer), []);
  });

  it('flags citations of facts that do not exist, in any bracket list form', () => {
    assert.deepEqual(flagged('Seen [F1], [F2, F9] and [F3; F12].'), ['citation:[F9]', 'citation:[F12]']);
  });

  it('flags a severity the evidence does not state, not a negated one', () => {
    assert.deepEqual(flagged('The severity is None.'), ['severity:none']);
    assert.deepEqual(flagged('This is a critical-severity incident.'), ['severity:critical']);
    assert.deepEqual(flagged('Severity: high [F1]. There is no critical-severity incident.'), []);
  });

  it('says when the evidence has no facts to cite', () => {
    const result = checkGrounding('See [F1].', evidenceFromFacts([]));
    assert.match(result[0]!.reason, /there are none/);
  });

  it('matches whole tokens only', () => {
    assert.equal(containsToken('from 203.0.113.90 to x', '203.0.113.9', false), false);
    assert.equal(containsToken('evil.com.example.net', 'evil.com', true), false);
    assert.equal(containsToken('mail.evil.com', 'evil.com', true), true);
    assert.equal(containsToken('host web-01', 'web', false), false);
    assert.equal(containsToken('corp\\alice logged in', 'alice', false), true);
  });

  it('extracts no claim from numbers, times and versions', () => {
    assert.deepEqual(extractClaims('12 events at 10:00:00, 2026-11-20T10:00:00.000Z, port 443, v2.4.1, 99.5 %, 1,204 failures'), []);
  });

  it('treats event ids in the citations as evidence', () => {
    const unknown = ids('not-cited', 1)[0] ?? '';
    assert.deepEqual(flagged(`Events ${facts[0]!.citations.events[1] ?? ''} and ${unknown}.`), [`hash:${unknown}`]);
  });
});
