import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldResolver } from '../../../src/detect/types.ts';
import { loadYaml, problemOf, ruleText } from './helpers.ts';
import { testEvent, testResolver } from './resolver.ts';

const unmapped = (...fields: string[]) => testResolver({ unmapped: fields });

describe('rules we cannot run are reported, never silently dropped', () => {
  it('an unmapped field the rule needs makes it unsupported, naming the field and its line', () => {
    const p = problemOf(ruleText(`selection:\n    EventID: 1\n    Hashes|contains: 'abc'\ncondition: selection`), unmapped('Hashes'));
    assert.equal(p.status, 'unsupported');
    assert.match(p.reason, /unmapped field\(s\) Hashes \(line 9\): without them the rule could never match/);
    assert.equal(p.pos.line, 9);
  });

  it('an unmapped field only in a filter: the rule loads, the filter never excludes, and a note says so', () => {
    const load = loadYaml(ruleText(`selection:\n    Image|endswith: '\\cmd.exe'\nfilter_optional:\n    ParentUser: SYSTEM\ncondition: selection and not filter_optional`), unmapped('ParentUser'));
    const rule = load.rules[0]!;
    assert.deepEqual(load.problems, []);
    assert.equal(rule.matches(testEvent({ Image: 'C:\\cmd.exe', ParentUser: 'SYSTEM' })), true, 'over-matches rather than misses');
    assert.equal(rule.matches(testEvent({ Image: 'C:\\other.exe' })), false);
    assert.deepEqual(rule.notes, [`unmapped field ParentUser (line 10) in 'filter_optional' never matches: this filter can no longer exclude events (more alerts)`]);
  });

  it('a null test on an unmapped field is not taken as "absent" (which would silence the rule)', () => {
    const rule = loadYaml(ruleText(`selection:\n    Image|endswith: '\\whoami.exe'\nfilter_null:\n    User: null\ncondition: selection and not filter_null`), unmapped('User')).rules[0]!;
    assert.equal(rule.matches(testEvent({ Image: 'C:\\whoami.exe' })), true);
  });

  it('a field the resolver maps to "always absent" is authoritative: null tests hold', () => {
    const base = testResolver();
    const resolver: FieldResolver = { ...base, field: (name, ls) => (name === 'User' ? () => undefined : base.field(name, ls)) };
    const rule = loadYaml(ruleText(`selection:\n    Image|endswith: '\\whoami.exe'\nfilter_null:\n    User: null\ncondition: selection and not filter_null`), resolver).rules[0]!;
    assert.equal(rule.matches(testEvent({ Image: 'C:\\whoami.exe' })), false);
    assert.deepEqual(rule.notes ?? [], []);
  });

  it('an unmapped alternative (OR branch): the rule loads on the other branches, with a note', () => {
    const load = loadYaml(ruleText(`selection:\n    - Image|endswith: '\\net.exe'\n    - OriginalFileName: 'net.exe'\ncondition: selection`), unmapped('OriginalFileName'));
    const rule = load.rules[0]!;
    assert.equal(rule.matches(testEvent({ Image: 'C:\\net.exe' })), true);
    assert.match(rule.notes?.[0] ?? '', /OriginalFileName .* detections relying on it are missed/);
  });

  it('a condition left constant by unmapped fields is unsupported (it would fire on every event)', () => {
    const p = problemOf(ruleText(`selection:\n    Secret: x\ncondition: not selection`), unmapped('Secret'));
    assert.equal(p.status, 'unsupported');
    assert.match(p.reason, /would match every event of its logsource/);
  });

  it('an unmapped fieldref target follows the same policy', () => {
    const p = problemOf(ruleText(`selection:\n    Image|fieldref: ParentImage\ncondition: selection`), unmapped('ParentImage'));
    assert.match(p.reason, /unmapped field\(s\) ParentImage/);
  });

  it('a valid rule for a logsource without data is idle (compiled, waiting for data), at the logsource line', () => {
    const p = problemOf(ruleText(`selection:\n    A: 1\ncondition: selection`), testResolver({ unknownProducts: ['windows'] }));
    assert.equal(p.status, 'idle');
    assert.equal(p.pos.line, 4);
    assert.match(p.reason, /no Vigil format produces logsource product=windows/);
  });

  it('a rule for a logsource without data that also uses a feature we lack is unsupported, not idle', () => {
    const p = problemOf(ruleText(`selection:\n    A|fuzzy: 1\ncondition: selection`), testResolver({ unknownProducts: ['windows'] }));
    assert.equal(p.status, 'unsupported');
    assert.match(p.reason, /fuzzy/);
  });

  it('a correlation over idle rules only is idle too; one over a loaded rule runs', () => {
    const base = (id: string, product: string) =>
      `title: ${id}\nid: ${id}\nname: ${id}\nlogsource:\n    product: ${product}\ndetection:\n    selection:\n        A: 1\n    condition: selection\n`;
    const correlation = (id: string, rules: string) =>
      `title: ${id}\nid: ${id}\ncorrelation:\n    type: event_count\n    rules: [${rules}]\n    group-by: [source.ip]\n    timespan: 10m\n    condition:\n        gte: 3\n`;
    const text = [base('cloud-1', 'aws'), base('win-1', 'linux'), correlation('corr-idle', 'cloud-1'), correlation('corr-live', 'win-1')].join('---\n');
    const load = loadYaml(text, testResolver({ unknownProducts: ['aws'] }));
    assert.deepEqual(load.rules.map((r) => r.ref.id), ['win-1']);
    assert.deepEqual(load.correlations.map((c) => c.ref.id), ['corr-live']);
    assert.deepEqual(load.problems.map((p) => [p.id, p.status]).sort(), [['cloud-1', 'idle'], ['corr-idle', 'idle']]);
  });

  it('SigmaHQ-style rules with features we lack are all reported with a reason', () => {
    const rule = (id: string, detection: string) => ruleText(detection, 'category: process_creation\nproduct: windows', id);
    const docs = [
      rule('ok', `selection:\n    Image|endswith: '\\powershell.exe'\ncondition: selection`),
      rule('placeholder', `selection:\n    ComputerName|expand: '%Workstations%'\ncondition: selection`),
      rule('aggregation', `selection:\n    EventID: 4625\ncondition: selection | count() by IpAddress > 10`),
      rule('modifier', `selection:\n    CommandLine|fuzzy: 'x'\ncondition: selection`),
      rule('regex', `selection:\n    CommandLine|re: 'a++b'\ncondition: selection`),
      'title: Filter\nid: f1\nlogsource:\n    product: windows\nfilter:\n    rules: [ok]\n    selection:\n        User: admin\n    condition: not selection\n',
      'title: Many failures\nid: c1\ncorrelation:\n    type: event_count\n    rules: [ok]\n    group-by: [IpAddress]\n    timespan: 5m\n    condition:\n        gte: 10\n',
    ];
    const load = loadYaml(docs.join('---\n'));
    assert.equal(load.total, 7);
    assert.equal(load.rules.length + load.correlations.length + load.problems.length, 7);
    assert.deepEqual(load.rules.map((r) => r.ref.id), ['ok']);
    const byId = new Map(load.problems.map((p) => [p.id, p]));
    assert.match(byId.get('placeholder')?.reason ?? '', /placeholder %Workstations% has no configured values/);
    assert.match(byId.get('aggregation')?.reason ?? '', /aggregation/);
    assert.match(byId.get('modifier')?.reason ?? '', /unknown modifier 'fuzzy'/);
    assert.match(byId.get('regex')?.reason ?? '', /possessive/);
    assert.match(byId.get('f1')?.reason ?? '', /filter documents/);
    for (const id of ['placeholder', 'aggregation', 'modifier', 'regex', 'f1']) assert.equal(byId.get(id)?.status, 'unsupported', id);
    const correlationLine = docs.slice(0, 6).join('---\n').split('\n').length + 1;
    const correlation = load.correlations.find((c) => c.ref.id === 'c1') ?? load.problems.find((p) => p.pos.line === correlationLine);
    assert.ok(correlation !== undefined, `the correlation document is loaded or reported: ${JSON.stringify(load.problems.map((p) => p.pos))}`);
  });
});
