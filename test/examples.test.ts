import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ingest } from '../src/pipeline/ingest.ts';
import { openStore } from '../src/store/index.ts';
import { overview } from '../src/store/overview.ts';

/** The quick start's data (examples/, written by `vigil demo --seed 42`) against its truth file. */

interface Truth {
  scenarios: { id: number; slug: string; source_ips: string[]; users: string[] }[];
}

const ROOT = join(import.meta.dirname, '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'examples-truth.json'), 'utf8')) as Truth;
const scenario = (slug: string) => truth.scenarios.find((s) => s.slug === slug)!;

describe('examples/ through ingest and the analysis overview', () => {
  it('reads every file without errors and surfaces the labelled attackers', async () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'vigil-examples-')), 'v.db'));
    try {
      const report = await ingest(store, [join(ROOT, 'examples')], { tz: 'UTC', actor: 'test' });
      assert.equal(report.totals.problems, 0);
      assert.equal(report.totals.errors, 0);
      assert.deepEqual(report.files.map((f) => f.format), ['web-access', 'syslog', 'syslog', 'windows-json', 'zeek-tsv', 'zeek-tsv']);
      const view = overview(store.db);
      const failed = view.failedAuthBySource.map((s) => s.ip);
      assert.deepEqual(failed.slice(0, 3).sort(), [
        scenario('ssh-brute-force').source_ips[0], scenario('ssh-password-spraying').source_ips[0], scenario('ssh-brute-force-success').source_ips[0],
      ].sort());
      const bruteThenSuccess = view.failedAuthBySource.find((s) => s.ip === scenario('ssh-brute-force-success').source_ips[0]);
      assert.equal(bruteThenSuccess?.succeededAfter, true);
      assert.equal(view.failedAuthBySource.find((s) => s.ip === scenario('ssh-brute-force').source_ips[0])?.succeededAfter, false);
      const spraying = view.failedAuthBySource.find((s) => s.ip === scenario('ssh-password-spraying').source_ips[0]);
      assert.ok((spraying?.users ?? 0) >= 15, `${spraying?.users} users sprayed`);
      assert.equal(view.deniedBySource[0]?.ip, scenario('port-scan').source_ips[0]);
      assert.ok((view.deniedBySource[0]?.ports ?? 0) >= 50);
      assert.equal(view.webErrorsByClient[0]?.client, scenario('web-scan').source_ips[0]);
      for (const user of ['r.ortiz', 'l.chen', 'adm.jrossi']) {
        const n = store.db.prepare("SELECT count(*) FROM events WHERE user_name = ? OR json_extract(doc, '$.user.target.name') = ?").pluck().get(user, user) as number;
        assert.ok(n > 0, `${user} appears in the events`);
      }
    } finally {
      store.close();
    }
  });
});
