import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attackTagProblems, readAttackTable } from './attack-tags.ts';
import { caseEvents, readCasesFile, type CasesFile } from './cases.ts';
import { metadataProblems } from './metadata.ts';
import { casesFileOf, packFiles, ruleDocs } from './pack-files.ts';
import { builtinPack, runPack } from './run-pack.ts';

/**
 * The built-in rule pack (rules/): every rule loads, every rule file has its cases file, and every case
 * raises exactly the number of alerts it expects. Adding a rule is a YAML file plus its cases file; this
 * suite finds both (docs/recipes/add-a-rule.md).
 */

const FILES = packFiles();
const ATTACK_TABLE = join(import.meta.dirname, '..', '..', 'data', 'attack', 'enterprise-attack.json');

describe('rule pack', () => {
  it('has rule files, each with a cases file beside it, and no cases file without its rule file', () => {
    assert.ok(FILES.rules.length > 0, 'rules/ holds no rule file');
    const expected = FILES.rules.map(casesFileOf);
    assert.deepEqual(FILES.cases.filter((c) => !expected.includes(c)), [], 'cases files without a rule file');
    assert.deepEqual(expected.filter((c) => !FILES.cases.includes(c)), [], 'rule files without a cases file');
  });

  it('names, in each cases file, the id of a rule (or correlation) of its rule file', () => {
    const wrong = FILES.rules.flatMap((file) => {
      const ids = ruleDocs(file).map((doc) => doc.id);
      const { rule } = readCasesFile(casesFileOf(file));
      return ids.includes(rule) ? [] : [`${casesFileOf(file)}: rule ${rule} is not in ${file}`];
    });
    assert.deepEqual(wrong, []);
  });

  it('gives every document a unique UUID, title, status, description, level and false positives, and resolvable correlation references', () => {
    const docs = FILES.rules.flatMap((file) => ruleDocs(file).map((doc) => ({ file, doc })));
    assert.deepEqual(metadataProblems(docs), []);
  });

  it('loads every document of the pack with no problem', () => {
    const set = builtinPack();
    const problems = set.problems.map((p) => `${p.pos.file}:${p.pos.line} ${p.status}: ${p.reason}`);
    assert.deepEqual(problems, []);
    const documents = FILES.rules.reduce((n, file) => n + ruleDocs(file).length, 0);
    assert.equal(set.total, documents, 'every rule document is seen');
    assert.equal(set.rules.length + set.correlations.length, documents, 'every rule document is loaded');
  });

  it('tags every document with ATT&CK techniques that exist, and tactics of those techniques', (t) => {
    if (!existsSync(ATTACK_TABLE)) {
      t.skip('data/attack/enterprise-attack.json is not generated yet (test/compat/rule-pack.test.ts checks the shared ATT&CK table)');
      return;
    }
    const table = readAttackTable(ATTACK_TABLE);
    const problems = FILES.rules.flatMap((file) => ruleDocs(file).flatMap((doc) => attackTagProblems(doc, table).map((p) => `${file} ${String(doc.id)}: ${p}`)));
    assert.deepEqual(problems, []);
  });
});

describe('rule cases', () => {
  for (const file of FILES.cases) {
    let cases: CasesFile;
    try {
      cases = readCasesFile(file);
    } catch (error) {
      it(`${file} › is a valid cases file`, () => {
        throw error;
      });
      continue;
    }
    for (const rc of cases.cases) {
      it(`${file} › ${rc.name}`, async () => {
        const events = await caseEvents(file, rc);
        assert.ok(events.length > 0, 'the case yields events');
        const alerts = runPack(events).filter((alert) => alert.rule.id === cases.rule);
        assert.equal(alerts.length, rc.expect, `alerts of rule ${cases.rule}`);
      });
    }
  }
});
