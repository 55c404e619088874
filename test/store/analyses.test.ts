import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import { IncidentSchema, type Incident, type Severity } from '../../src/schema/incident.ts';
import { openStore } from '../../src/store/index.ts';
import { triage } from '../../src/triage/index.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Analyses on a real SQLite file: results replace the previous ones, filters, id prefixes. */

const dirs = tempDirs('analyses');

function alert(id: string, ip: string): Alert {
  return {
    id,
    rule: { id: 'r1', title: 'Rule one', level: 'high', tags: ['attack.t1110'], techniques: ['T1110'], origin: 'builtin', file: 'r1.yml' },
    type: 'event_count',
    first_seen: '2026-11-20T10:00:00.000Z',
    last_seen: '2026-11-20T10:05:00.000Z',
    count: 12,
    value: 12,
    group: { 'source.ip': ip },
    entities: { source_ip: [ip], destination_ip: [], user: ['root'], host: ['srv1'] },
    event_ids: ['00'.repeat(16)],
    event_total: 12,
  };
}

/** A real incident (triage of one alert), given a chosen id and technique so filters can be tested. */
function incident(id: string, severity: Severity, alertIds: string[], ip: string, technique = 'T1110.001'): Incident {
  const alerts = (alertIds.length > 0 ? alertIds : ['unused']).map((a) => ({ ...alert(a, ip), rule: { ...alert(a, ip).rule, techniques: [technique] } }));
  const built = triage(alerts)[0]!;
  return IncidentSchema.parse({ ...built, id, severity, alerts: alertIds.length > 0 ? built.alerts : [] });
}

describe('AnalysisLog', () => {
  it('stores results, links alerts to incidents, and filters by severity, technique and entity', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const id = store.analyses.start('test', {}, { loaded: 1 });
      store.analyses.replaceResults(id, [alert('a1', '203.0.113.5'), alert('a2', '198.51.100.7')], [
        incident('abcdef01', 'high', ['a1'], '203.0.113.5'),
        incident('abcdff02', 'critical', ['a2'], '198.51.100.7', 'T1078'),
      ]);
      store.analyses.finish(id, 'completed', { events: 24, alerts: 2, incidents: 2 });
      assert.deepEqual(store.analyses.incidents().incidents.map((i) => i.id), ['abcdff02', 'abcdef01']);
      assert.deepEqual(store.analyses.incidents({ severities: ['high'] }).incidents.map((i) => i.id), ['abcdef01']);
      assert.deepEqual(store.analyses.incidents({ technique: 't1110' }).incidents.map((i) => i.id), ['abcdef01']);
      assert.deepEqual(store.analyses.incidents({ entity: '198.51.100.7' }).incidents.map((i) => i.id), ['abcdff02']);
      assert.deepEqual(store.analyses.alertsOf('abcdef01').map((a) => a.id), ['a1']);
      assert.equal(store.analyses.latest()?.incidents, 2);
    } finally {
      store.close();
    }
  });

  it('finds an incident by unique prefix, refuses an ambiguous one, ignores non-hex input', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const id = store.analyses.start('test', {}, {});
      store.analyses.replaceResults(id, [], [incident('abcdef01', 'low', [], '203.0.113.5'), incident('abcdff02', 'low', [], '203.0.113.6')]);
      assert.equal(store.analyses.incident('abcde')?.id, 'abcdef01');
      assert.throws(() => store.analyses.incident('abcd'), /ambiguous/);
      assert.equal(store.analyses.incident("x' OR 1=1 --"), undefined);
      assert.equal(store.analyses.incident('ffff'), undefined);
    } finally {
      store.close();
    }
  });

  it('a new analysis replaces the previous results', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const first = store.analyses.start('test', {}, {});
      store.analyses.replaceResults(first, [alert('a1', '203.0.113.5')], [incident('abcdef01', 'high', ['a1'], '203.0.113.5')]);
      const second = store.analyses.start('test', {}, {});
      store.analyses.replaceResults(second, [], []);
      assert.equal(store.analyses.incidents().total, 0);
      assert.equal(store.analyses.allAlerts().length, 0);
      assert.equal(store.analyses.incidents({ entity: '203.0.113.5' }).total, 0);
    } finally {
      store.close();
    }
  });
});
