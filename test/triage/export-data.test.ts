import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Incident } from '../../src/schema/incident.ts';
import { caseFiles, caseJson, CSV_COLUMNS, incidentsCsv, navigatorLayer, renderCaseJson, renderNavigatorLayer, triage } from '../../src/triage/index.ts';
import { VigilError } from '../../src/util/errors.ts';
import { makeAlert } from '../helpers/alerts.ts';
import { HOSTILE, hostileIncidents } from './hostile.ts';

const incidents = hostileIncidents();
const CTX = { generatedAt: '2026-11-22T00:00:00Z', version: '0.1.0' };

describe('CSV export with hostile values', () => {
  const rows: string[][] = parse(incidentsCsv(incidents), { relax_column_count: false });

  it('has a header and one row per incident, every row complete (RFC 4180, CRLF)', () => {
    assert.ok(incidentsCsv(incidents).endsWith('\r\n'));
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, incidents.length + 1);
    for (const row of rows) assert.equal(row.length, CSV_COLUMNS.length);
  });

  it('never lets a cell start like a formula', () => {
    for (const row of rows.slice(1)) for (const value of row) assert.doesNotMatch(value, /^[=+\-@\t\r\uff1d]/, value);
    const first = rows[1]!;
    const col = (name: (typeof CSV_COLUMNS)[number]) => first[CSV_COLUMNS.indexOf(name)]!;
    assert.ok(col('title').startsWith(`'${HOSTILE.formula}`), col('title'));
    assert.equal(col('source_ips'), "'-2+3; 203.0.113.5");
    assert.equal(rows[2]![CSV_COLUMNS.indexOf('title')], `'@SUM(1+1) ${HOSTILE.image} from +1-1 on ${HOSTILE.bold}`);
  });

  it('keeps every other value exactly, line breaks and quotes included', () => {
    const first = rows[1]!;
    const incident = incidents[0]!;
    assert.equal(first[CSV_COLUMNS.indexOf('incident_id')], incident.id);
    assert.equal(first[CSV_COLUMNS.indexOf('users')], incident.entities.user.join('; '));
    assert.equal(first[CSV_COLUMNS.indexOf('destination_ips')], HOSTILE.quote);
    assert.equal(first[CSV_COLUMNS.indexOf('summary')], incident.summary);
    assert.equal(first[CSV_COLUMNS.indexOf('techniques')], 'T1059.001; T1110.001; T9999');
    assert.equal(first[CSV_COLUMNS.indexOf('score')], String(incident.score));
  });
});

describe('JSON case file', () => {
  it('is the prior-art layout plus the whole incident, and HTML-inert', () => {
    const incident = incidents[0]!;
    const text = renderCaseJson(incident, CTX);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    const doc = JSON.parse(text) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(doc), ['meta', 'incident', 'triage', 'summary', 'vigil']);
    assert.deepEqual(doc.vigil, JSON.parse(JSON.stringify(incident)));
    assert.equal(doc.summary, incident.summary);
    assert.deepEqual(doc.meta, { generated_at: '2026-11-22T00:00:00Z', version: '1.0', tool: 'Vigil', tool_version: '0.1.0', attack_version: '18.1' });
    assert.equal(doc.incident!.incident_id, incident.id);
    assert.deepEqual(doc.incident!.key, { host: incident.entities.host[0], user: incident.entities.user[0], src_ip: '-2+3' });
    assert.equal(doc.triage!.severity, incident.severity);
    assert.equal(doc.triage!.requires_immediate_attention, true);
    const mitre = doc.triage!.mitre as { technique: string; technique_name: string; url: string | null; known: boolean; tactic: string | null }[];
    assert.deepEqual(mitre.find((m) => m.technique === 'T1110.001'), {
      ...mitre.find((m) => m.technique === 'T1110.001'),
      technique_name: 'Password Guessing',
      tactic: 'Credential Access',
      url: 'https://attack.mitre.org/techniques/T1110/001',
      known: true,
    });
    assert.deepEqual(mitre.find((m) => m.technique === 'T9999'), { ...mitre.find((m) => m.technique === 'T9999'), technique_name: 'T9999', url: null, known: false, tactic: null });
  });

  it('writes null for what it does not know (no clock in triage)', () => {
    const [untimed] = triage([makeAlert({ tags: [] })]);
    const doc = caseJson(untimed!) as { meta: { generated_at: unknown }; incident: { time_range: unknown; key: unknown } };
    assert.equal(doc.meta.generated_at, null);
    assert.deepEqual(doc.incident.time_range, { start: null, end: null, duration_minutes: null });
    assert.deepEqual(doc.incident.key, { host: null, user: null, src_ip: null });
  });
});

describe('ATT&CK Navigator layer', () => {
  const severityOf = (list: Incident[], sev: Incident['severity']) => list.map((i) => ({ ...i, severity: sev }));

  it('is a 4.5 enterprise layer with the table\'s ATT&CK version, known techniques only, no log values', () => {
    const text = renderNavigatorLayer(incidents, CTX);
    for (const value of Object.values(HOSTILE)) assert.ok(!text.includes(JSON.stringify(value).slice(1, -1)), value);
    const layer = JSON.parse(text) as { versions: unknown; domain: string; techniques: { techniqueID: string; score?: number; showSubtechniques?: boolean; comment?: string }[] };
    assert.deepEqual(layer.versions, { attack: '18', navigator: '5.2.0', layer: '4.5' });
    assert.equal(layer.domain, 'enterprise-attack');
    assert.deepEqual(layer.techniques.map((t) => t.techniqueID), ['T1046', 'T1059.001', 'T1110.001', 'T1059', 'T1110']);
    assert.deepEqual(layer.techniques.find((t) => t.techniqueID === 'T1110'), { techniqueID: 'T1110', enabled: true, showSubtechniques: true });
  });

  it('scores a technique by the highest severity showing it and counts incidents and alerts', () => {
    const list = [...severityOf([incidents[0]!], 'low'), ...severityOf([incidents[0]!], 'critical')];
    const layer = navigatorLayer(list) as { techniques: { techniqueID: string; score?: number; comment?: string; metadata?: unknown }[] };
    const t = layer.techniques.find((x) => x.techniqueID === 'T1110.001')!;
    assert.equal(t.score, 4);
    assert.equal(t.comment, '2 incidents (1 critical, 1 low), 2 alerts');
    assert.deepEqual(t.metadata, [{ name: 'incidents', value: '2' }, { name: 'alerts', value: '2' }]);
  });
});

describe('case directory', () => {
  it('lists SUMMARY.md, the CSV, the layer and a JSON and Markdown file per incident', () => {
    const files = caseFiles(incidents, CTX);
    assert.deepEqual(files.map((f) => f.path), [
      'SUMMARY.md',
      'incidents.csv',
      'attack-navigator-layer.json',
      ...incidents.flatMap((i) => [`${i.id}.json`, `${i.id}.md`]),
    ]);
    for (const f of files) assert.match(f.path, /^[A-Za-z0-9._-]+$/);
    assert.ok(files.every((f) => f.content.length > 0));
  });

  it('refuses an incident id that is not a content hash (it would become a path)', () => {
    const bad = { ...incidents[0]!, id: '../../etc/passwd' };
    assert.throws(() => caseFiles([bad]), VigilError);
  });

  it('is empty but valid without incidents', () => {
    const files = caseFiles([], CTX);
    assert.equal(files.length, 3);
    assert.match(files[0]!.content, /No incidents\./);
    assert.equal(files[1]!.content, `${CSV_COLUMNS.join(',')}\r\n`);
    assert.deepEqual((JSON.parse(files[2]!.content) as { techniques: unknown[] }).techniques, []);
  });
});
