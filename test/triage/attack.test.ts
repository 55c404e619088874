import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  attackTable,
  attackTablePath,
  attackVersion,
  parentTechniqueId,
  sortTechniques,
  tacticRef,
  tacticRefs,
  tacticsOfTags,
  techniqueRef,
} from '../../src/triage/attack/index.ts';

const raw = JSON.parse(readFileSync(new URL('../../data/attack/enterprise-attack.json', import.meta.url), 'utf8')) as {
  version: string;
  techniques: { id: string; name: string; tactics: string[]; url: string }[];
};

describe('ATT&CK table', () => {
  it('is the committed file, with its version, copyright and licence', () => {
    assert.equal(attackTablePath(), new URL('../../data/attack/enterprise-attack.json', import.meta.url).pathname);
    assert.equal(attackVersion(), '18.1');
    assert.match(attackTable().copyright, /MITRE Corporation/);
    assert.match(readFileSync(new URL('../../data/attack/LICENSE.txt', import.meta.url), 'utf8'), /reproduce\s+MITRE's copyright designation/);
  });

  it('lists the 14 Enterprise tactics in kill-chain order', () => {
    const shortnames = attackTable().tactics.map((t) => t.shortname);
    assert.equal(shortnames.length, 14);
    assert.deepEqual(shortnames.slice(0, 3), ['reconnaissance', 'resource-development', 'initial-access']);
    assert.deepEqual(shortnames.slice(-3), ['command-and-control', 'exfiltration', 'impact']);
    assert.ok(shortnames.indexOf('credential-access') < shortnames.indexOf('lateral-movement'));
  });

  it('gives every technique exactly as the table states it', () => {
    assert.equal(raw.techniques.length, 691);
    for (const t of raw.techniques) {
      assert.deepEqual(techniqueRef(t.id), { id: t.id, name: t.name, tactics: t.tactics, url: t.url, known: true });
    }
  });

  it('looks sub-techniques and multi-tactic techniques up, case-insensitively', () => {
    assert.deepEqual(techniqueRef('t1110.001'), {
      id: 'T1110.001',
      name: 'Password Guessing',
      tactics: ['credential-access'],
      url: 'https://attack.mitre.org/techniques/T1110/001',
      known: true,
    });
    assert.deepEqual(techniqueRef('T1078').tactics, ['initial-access', 'persistence', 'privilege-escalation', 'defense-evasion']);
  });

  it('keeps an unknown or revoked id, named by itself, without URL, flagged', () => {
    assert.deepEqual(techniqueRef('T9999'), { id: 'T9999', name: 'T9999', tactics: [], known: false });
    // T1086 (PowerShell) was revoked in favour of T1059.001.
    assert.equal(techniqueRef('T1086').known, false);
    assert.equal(techniqueRef('T1110.999').name, 'T1110.999');
  });

  it('reads tactics from Sigma tags in both spellings and by id, in kill-chain order', () => {
    assert.deepEqual(tacticsOfTags(['attack.lateral_movement', 'attack.t1110', 'attack.TA0006', 'attack.g0016', 'cve.2021-44228', 'attack.discovery']), [
      'credential-access',
      'discovery',
      'lateral-movement',
    ]);
    assert.equal(tacticRef('TA0008')?.name, 'Lateral Movement');
    assert.equal(tacticRef('command_and_control')?.url, 'https://attack.mitre.org/tactics/TA0011');
    assert.equal(tacticRef('nonsense'), undefined);
    assert.deepEqual(tacticRefs(['impact', 'bogus', 'reconnaissance']).map((t) => t.id), ['TA0043', 'TA0040']);
  });

  it('sorts techniques by the kill-chain position of their first tactic, unknown ones last', () => {
    const ids = sortTechniques(['T9999', 'T1486', 'T1110.001', 'T1595.002', 'T1059.001'].map(techniqueRef)).map((t) => t.id);
    assert.deepEqual(ids, ['T1595.002', 'T1059.001', 'T1110.001', 'T1486', 'T9999']);
    assert.equal(parentTechniqueId('T1110.003'), 'T1110');
    assert.equal(parentTechniqueId('T1110'), 'T1110');
  });
});
