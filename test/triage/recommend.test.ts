import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Entities } from '../../src/schema/alert.ts';
import { attackTable, techniqueRef } from '../../src/triage/attack/index.ts';
import { MAX_PER_GROUP, recommend, TECHNIQUE_GUIDANCE } from '../../src/triage/recommend/index.ts';
import { DEFAULT_GUIDANCE, TACTIC_GUIDANCE } from '../../src/triage/recommend/guidance/tactics.ts';

const NONE: Entities = { source_ip: [], destination_ip: [], user: [], host: [] };

function forTechniques(ids: string[], entities: Partial<Entities> = {}, extra: { tactics?: string[]; compromised?: boolean } = {}) {
  const techniques = ids.map(techniqueRef);
  return recommend({
    techniques,
    tactics: extra.tactics ?? techniques.flatMap((t) => t.tactics),
    compromised: extra.compromised ?? false,
    entities: { ...NONE, ...entities },
  });
}

/** The techniques the built-in rule pack covers: each has guidance of its own. */
const PACK = [
  'T1110', 'T1110.001', 'T1110.003', 'T1110.004', 'T1078', 'T1021', 'T1021.002', 'T1569.002', 'T1543.003', 'T1053.005',
  'T1547.001', 'T1003', 'T1003.001', 'T1003.002', 'T1059.001', 'T1027', 'T1218', 'T1218.005', 'T1218.010', 'T1218.011',
  'T1105', 'T1197', 'T1087', 'T1069', 'T1082', 'T1016', 'T1033', 'T1046', 'T1595', 'T1595.002', 'T1595.003', 'T1190',
  'T1083', 'T1505.003', 'T1070.001', 'T1562.001', 'T1562.004', 'T1136', 'T1098', 'T1548.003', 'T1071',
];

describe('recommendations', () => {
  it('has guidance of its own for every technique of the pack, keyed by real ATT&CK ids and tactics', () => {
    for (const id of PACK) assert.ok(TECHNIQUE_GUIDANCE[id], id);
    for (const id of Object.keys(TECHNIQUE_GUIDANCE)) assert.equal(techniqueRef(id).known, true, id);
    assert.deepEqual(Object.keys(TACTIC_GUIDANCE).sort(), attackTable().tactics.map((t) => t.shortname).sort());
  });

  it('gives all three groups for every pack technique and every tactic', () => {
    const entities = { source_ip: ['203.0.113.5', '10.1.1.1'], user: ['jdoe'], host: ['ws-1'], destination_ip: ['198.51.100.1'] };
    for (const id of PACK) {
      const r = forTechniques([id], entities);
      assert.ok(r.containment.length > 0 && r.investigation.length > 0 && r.mitigation.length > 0, id);
    }
    for (const [tactic, g] of Object.entries(TACTIC_GUIDANCE)) assert.ok(g.containment?.length && g.investigation?.length && g.mitigation?.length, tactic);
  });

  it('substitutes entities, and leaves out a sentence whose required entity is absent', () => {
    const external = forTechniques(['T1110.001'], { source_ip: ['203.0.113.5'], user: ['oracle'], host: ['bastion-01'] });
    assert.ok(external.containment.includes('Block 203.0.113.5 at the perimeter firewall (or rate-limit it at the edge) for the duration of the investigation.'));
    assert.ok(external.investigation.some((r) => r.includes('List every account targeted from 203.0.113.5 (oracle)')));
    const internal = forTechniques(['T1110.001'], { source_ip: ['10.1.1.1'] });
    assert.ok(!internal.containment.some((r) => r.includes('perimeter firewall')));
    assert.ok(internal.investigation.some((r) => r.includes('the affected hosts')), 'generic phrase for a missing host');
    const lateral = forTechniques(['T1021.002'], { source_ip: ['10.10.30.77'], user: ['adm.kpatel'], host: ['FS-01'] });
    assert.equal(lateral.containment[0], 'Isolate 10.10.30.77, the source of the remote sessions, until it has been examined.');
    assert.ok(lateral.containment.includes('Block SMB (445/tcp) from 10.10.30.77 at the host firewalls of the servers while investigating.'));
  });

  it('keeps entity values raw (escaping is the export\'s job) and never re-substitutes them', () => {
    const r = forTechniques(['T1078'], { user: ['<img src=x>|{host}'], host: ['ws-1'] });
    assert.equal(r.containment[0], 'Disable or lock the account (<img src=x>|{host}) and revoke its sessions, SSH keys and tokens until the owner confirms the activity.');
  });

  it('puts the parent technique\'s guidance before the sub-technique\'s, and falls back to it', () => {
    const r = forTechniques(['T1110.003'], { source_ip: ['203.0.113.5'], user: ['a.b', 'c.d'] });
    const own = r.containment.indexOf('Force a password reset on every sprayed account (a.b and c.d) that logged on successfully in the same window, from any address.');
    const parent = r.containment.findIndex((t) => t.startsWith('Block 203.0.113.5 at the perimeter firewall'));
    assert.ok(parent >= 0 && own > parent);
    // T1110.002 (Password Cracking) has no entry of its own: the parent's.
    assert.deepEqual(forTechniques(['T1110.002']).mitigation, forTechniques(['T1110']).mitigation);
  });

  it('falls back to the tactic, then to the default', () => {
    // T1486 (Data Encrypted for Impact) has no entry: the impact tactic's.
    assert.equal(forTechniques(['T1486'], { host: ['fs-1'] }).containment[0], 'Isolate fs-1 immediately to limit the damage and protect backups from the same credentials.');
    // A tactic from tags only.
    assert.match(forTechniques([], { host: ['ws-1'] }, { tactics: ['persistence'] }).containment[0] ?? '', /persistence mechanism on ws-1/);
    // Nothing known at all.
    const none = forTechniques(['T9999'], { host: ['ws-1'] }, { tactics: [] });
    assert.equal(none.containment.length, DEFAULT_GUIDANCE.containment?.length);
    assert.match(none.investigation[0] ?? '', /Review the evidence events/);
  });

  it('puts Valid Accounts containment first when a success followed failures', () => {
    const r = forTechniques(['T1110.001'], { user: ['oracle'], source_ip: ['203.0.113.5'] }, { compromised: true });
    assert.equal(r.containment[0], 'Disable or lock the account (oracle) and revoke its sessions, SSH keys and tokens until the owner confirms the activity.');
  });

  it('caps each group and drops duplicates', () => {
    const r = forTechniques(PACK, { source_ip: ['203.0.113.5', '10.1.1.1'], user: ['jdoe'], host: ['ws-1'], destination_ip: ['198.51.100.1'] });
    for (const group of [r.containment, r.investigation, r.mitigation]) {
      assert.equal(group.length, MAX_PER_GROUP);
      assert.equal(new Set(group).size, group.length);
    }
  });
});
