import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadRuleSet } from '../../../src/detect/index.ts';
import { loadYaml, RULE_PATH, ruleText } from './helpers.ts';
import { testEvent, testResolver } from './resolver.ts';

const RULE = (id: string, value: string) => `title: Rule ${id}\nid: ${id}\nlogsource:\n    product: windows\ndetection:\n    selection:\n        A: ${value}\n    condition: selection\n`;

describe('Sigma rule files', () => {
  it('loads every document of a multi-document file, with the line of each', () => {
    const load = loadYaml(`${RULE('r1', 'x')}---\n${RULE('r2', 'y')}`);
    assert.deepEqual(load.rules.map((r) => [r.ref.id, r.pos.file, r.pos.line]), [['r1', RULE_PATH, 1], ['r2', RULE_PATH, 10]]);
    assert.equal(load.total, 2);
  });

  it('applies legacy action: global / repeat / reset', () => {
    const text = [
      'action: global\ntitle: Shared\nlogsource:\n    product: windows\ndetection:\n    condition: selection',
      'id: g1\ndetection:\n    selection:\n        A: one',
      'action: repeat\nid: g2\ndetection:\n    selection:\n        A: two',
      'action: reset',
      'id: plain\ntitle: Own\nlogsource:\n    product: linux\ndetection:\n    selection:\n        B: 1\n    condition: selection',
    ].join('\n---\n');
    const load = loadYaml(text);
    assert.deepEqual(load.problems, []);
    assert.deepEqual(load.rules.map((r) => [r.ref.id, r.ref.title, r.logsource.product]), [['g1', 'Shared', 'windows'], ['g2', 'Shared', 'windows'], ['plain', 'Own', 'linux']]);
    const [g1, g2] = load.rules;
    assert.equal(g1!.matches(testEvent({ A: 'one' })), true);
    assert.equal(g2!.matches(testEvent({ A: 'two' })), true);
    assert.equal(g2!.matches(testEvent({ A: 'one' })), false);
    assert.equal(load.total, 3, 'global and reset documents are not rules themselves');
  });

  it('reports a bad action and a repeat without a previous rule instead of dropping them', () => {
    const load = loadYaml(`action: repeat\nid: x\n---\naction: merge\nid: y\n---\naction: global\ntitle: lost\n`);
    assert.deepEqual(load.problems.map((p) => [p.status, p.pos.line]), [['invalid', 1], ['invalid', 4], ['invalid', 7]]);
    assert.match(load.problems[1]!.reason, /unknown collection action "merge"/);
    assert.match(load.problems[2]!.reason, /not followed by any rule document/);
  });

  it('reports broken YAML with its line and keeps loading the other documents', () => {
    const load = loadYaml(`${RULE('ok1', 'x')}---\ntitle: broken\ndetection:\n    selection: [unclosed\n---\n${RULE('ok2', 'y')}`);
    assert.deepEqual(load.rules.map((r) => r.ref.id), ['ok1', 'ok2']);
    assert.equal(load.problems.length, 1);
    assert.equal(load.problems[0]!.status, 'invalid');
    assert.match(load.problems[0]!.reason, /^YAML: /);
    assert.ok(load.problems[0]!.pos.line >= 10 && load.problems[0]!.pos.line <= 14, String(load.problems[0]!.pos.line));
    const dup = loadYaml(`title: t\ntitle: u\n`);
    assert.equal(dup.problems[0]!.pos.line, 2, 'duplicate key at its line');
  });

  it('gives each problem the line of the offending key', () => {
    const text = ruleText(`selection:\n    Image|endswith: x\n    CommandLine|bogus: y\ncondition: selection`);
    const load = loadYaml(text);
    assert.equal(load.problems[0]!.pos.line, 9);
    assert.equal(load.problems[0]!.status, 'unsupported');
    assert.match(load.problems[0]!.reason, /unknown modifier 'bogus'/);
    const missing = loadYaml(`title: no detection\nid: nd\nlogsource:\n    product: windows\n`);
    assert.equal(missing.problems[0]!.status, 'invalid');
    assert.match(missing.problems[0]!.reason, /no detection/);
    const noLogsource = loadYaml(`title: t\nid: nl\ndetection:\n    selection:\n        A: 1\n    condition: selection\n`);
    assert.match(noLogsource.problems[0]!.reason, /no logsource/);
    const notMap = loadYaml(`- a\n- b\n`);
    assert.match(notMap.problems[0]!.reason, /must be a mapping/);
  });

  it('collects every problem of a rule in one report, invalid before unsupported', () => {
    const load = loadYaml(ruleText(`selection:\n    A|bogus: 1\n    B: {nested: map}\ncondition: selection`));
    const p = load.problems[0]!;
    assert.equal(p.status, 'invalid');
    assert.match(p.reason, /mapping/);
    assert.equal(p.id, 'test-rule');
    assert.equal(p.title, 'Test rule');
  });

  it('reports a duplicate rule id as invalid at the second rule', () => {
    const load = loadYaml(`${RULE('same', 'x')}---\n${RULE('same', 'y')}`);
    assert.equal(load.rules.length, 1);
    assert.equal(load.problems[0]!.pos.line, 10);
    assert.match(load.problems[0]!.reason, /duplicate rule id same \(first at rules\/test\.yml:1\)/);
    assert.equal(load.total, 2);
  });

  it('walks directories recursively in sorted order, *.yml and *.yaml, not *.cases.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'b', 'z.yml'), RULE('bz', 'x'));
    writeFileSync(join(dir, 'a', 'y.yaml'), RULE('ay', 'x'));
    writeFileSync(join(dir, 'a', 'y.cases.yml'), 'match: []\n');
    writeFileSync(join(dir, 'README.md'), '# rules\n');
    writeFileSync(join(dir, 'C.yml'), RULE('C', 'x'));
    writeFileSync(join(dir, 'broken.yml'), 'title: [\n');
    const load = loadRuleSet([{ path: dir, origin: 'extra' }, { path: join(dir, 'missing'), origin: 'extra' }], testResolver());
    assert.deepEqual(load.rules.map((r) => [r.ref.id, r.ref.file]), [['C', 'C.yml'], ['ay', join('a', 'y.yaml')], ['bz', join('b', 'z.yml')]]);
    assert.deepEqual(load.problems.map((p) => [p.pos.file, p.status]), [[join(dir, 'broken.yml'), 'invalid'], [join(dir, 'missing'), 'invalid']]);
    assert.equal(load.total, 5);
    const again = loadRuleSet([{ path: dir, origin: 'extra' }], testResolver());
    assert.deepEqual(again.rules.map((r) => r.ref.id), ['C', 'ay', 'bz']);
    const single = loadRuleSet([{ path: join(dir, 'b', 'z.yml'), origin: 'builtin' }], testResolver());
    assert.deepEqual(single.rules.map((r) => [r.ref.id, r.ref.file, r.ref.origin]), [['bz', 'z.yml', 'builtin']]);
  });

  it('loads thousands of documents without stopping at problems', () => {
    const docs: string[] = [];
    for (let i = 0; i < 2000; i++) docs.push(i % 10 === 0 ? `title: bad ${i}\nid: bad-${i}\nlogsource:\n    product: windows\ndetection:\n    condition: nothing` : RULE(`r${i}`, String(i)));
    const load = loadYaml(docs.join('\n---\n'));
    assert.equal(load.total, 2000);
    assert.equal(load.rules.length, 1800);
    assert.equal(load.problems.length, 200);
    assert.ok(load.problems.every((p) => p.status === 'invalid' && /unknown search identifier 'nothing'/.test(p.reason)));
  });
});
