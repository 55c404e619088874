import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incidentMarkdown, summaryMarkdown } from '../../src/triage/index.ts';
import { hostileIncidents } from './hostile.ts';

const incidents = hostileIncidents();
const CTX = { generatedAt: '2026-11-22T00:00:00Z', version: '0.1.0', eventCount: 3 };

/** Structural checks that hold for any Markdown we write, whatever the values. */
function assertInert(markdown: string, label: string): void {
  assert.doesNotMatch(markdown, /</, `${label}: raw <`);
  for (const line of markdown.split('\n')) {
    assert.ok(!line.slice(1).includes('>'), `${label}: > inside ${line}`);
    assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/, `${label}: control character in ${line}`);
  }
  // Every unescaped link goes to ATT&CK or to an incident file of ours.
  for (const m of markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) {
    assert.match(m[1]!, /^(https:\/\/attack\.mitre\.org\/[A-Za-z0-9/._-]+|\.\/[0-9a-f]{32}\.md)$/, `${label}: link to ${m[1]}`);
  }
  // Every table row has as many cells as its header.
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) return;
    let header = i;
    while (header > 0 && lines[header - 1]!.startsWith('|')) header--;
    const cells = (l: string) => l.match(/(?<!\\)\|/g)?.length ?? 0;
    assert.equal(cells(line), cells(lines[header]!), `${label}: row ${line}`);
  });
  // Only our own headings.
  for (const line of lines.filter((l) => l.startsWith('#'))) assert.match(line, /^#{1,3} [^#]/, `${label}: heading ${line}`);
  // Hostile syntax shows escaped.
  assert.doesNotMatch(markdown, /(?<!\\)\*\*bold/, `${label}: emphasis`);
  assert.doesNotMatch(markdown, /(?<!\\)!(?<!\\)\[img/, `${label}: image`);
  assert.doesNotMatch(markdown, /(?<!\\)www\.evil|http:\/\/evil/, `${label}: autolink`);
}

describe('Markdown exports with hostile values', () => {
  it('keeps the incident case file inert and its tables intact', () => {
    assert.equal(incidents.length, 2);
    for (const incident of incidents) assertInert(incidentMarkdown(incident, CTX), incident.id);
    const first = incidentMarkdown(incidents[0]!, CTX);
    assert.ok(first.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the value is shown, escaped');
    assert.ok(first.includes('\\\\u001b\\[31mred\\\\u202egnp.exe'), 'controls shown as text');
    assert.ok(incidentMarkdown(incidents[1]!, CTX).includes('\\@SUM(1+1) !\\[img\\](http\\://evil.example/x.png)'));
    assert.ok(first.includes('T9999 (not in ATT&CK v18.1)'), 'unknown technique flagged, not linked');
    assert.ok(first.includes('[T1110.001](https://attack.mitre.org/techniques/T1110/001)'));
    assert.ok(first.includes('&amp;lt;img src=x&amp;gt;'), 'entities in values are not decoded');
  });

  it('keeps SUMMARY.md inert, with a link per incident file', () => {
    const md = summaryMarkdown(incidents, CTX);
    assertInert(md, 'SUMMARY.md');
    for (const incident of incidents) assert.ok(md.includes(`(./${incident.id}.md)`));
    assert.match(md, /\*\*Events analysed:\*\* 3/);
  });

  it('writes the sections an analyst expects', () => {
    const md = incidentMarkdown(incidents[0]!, CTX);
    for (const heading of ['## Summary', '## Timeline', '## Entities', '## Why this severity', '## Confidence', '## Alerts', '## MITRE ATT&CK', '## Recommended actions', '### Containment', '### Investigation', '### Long-term mitigation', '## Evidence']) {
      assert.ok(md.includes(`\n${heading}`), heading);
    }
    assert.ok(md.endsWith('\n---\n*Vigil 0.1.0 · ATT&amp;CK v18.1 · 2026-11-22T00:00:00Z*\n'));
  });

  it('is deterministic', () => {
    assert.equal(incidentMarkdown(hostileIncidents()[0]!, CTX), incidentMarkdown(incidents[0]!, CTX));
    assert.equal(summaryMarkdown(hostileIncidents(), CTX), summaryMarkdown(incidents, CTX));
  });
});
