import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attackLicense, buildAttackTable, serializeAttackTable } from '../../scripts/gen-attack.ts';
import { sharedPath } from './shared-data.ts';

const REPO = join(import.meta.dirname, '..', '..');

describe('data/attack/ is what scripts/gen-attack.ts makes of the shared MITRE extract', () => {
  it('regenerates byte for byte', (t) => {
    const source = sharedPath(t, 'attack', 'enterprise-attack-v18.1.json');
    const license = sharedPath(t, 'attack', 'LICENSE.txt');
    if (source === undefined || license === undefined) return;
    const licenseText = readFileSync(license, 'utf8');
    const table = buildAttackTable(JSON.parse(readFileSync(source, 'utf8')) as Parameters<typeof buildAttackTable>[0], licenseText);
    assert.equal(serializeAttackTable(table), readFileSync(join(REPO, 'data', 'attack', 'enterprise-attack.json'), 'utf8'));
    assert.equal(attackLicense(licenseText), readFileSync(join(REPO, 'data', 'attack', 'LICENSE.txt'), 'utf8'));
    assert.doesNotMatch(attackLicense(licenseText), /CAPEC/);
  });

  it('rejects a source whose tactics are not the Enterprise kill chain', (t) => {
    const source = sharedPath(t, 'attack', 'enterprise-attack-v18.1.json');
    if (source === undefined) return;
    const parsed = JSON.parse(readFileSync(source, 'utf8')) as Parameters<typeof buildAttackTable>[0];
    const broken = { ...parsed, tactics: [...parsed.tactics, { id: 'TA9999', shortname: 'made-up', name: 'Made Up', url: 'https://example.org' }] };
    assert.throws(() => buildAttackTable(broken, '"© MITRE"'), /unknown made-up/);
  });
});
