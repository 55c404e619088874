import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMON_DOCS, ftsQueryFor, ftsSearch, questionTerms } from '../../../src/assist/retrieve/fts.ts';
import { openStore } from '../../../src/store/index.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { failedRoot, ingestLines, invalidUser, syslogLines } from './helpers.ts';

/** The full-text half: question terms, and the query that leaves out terms too common to be worth scoring. */

const temp = tempDirs('fts');

describe('full-text half', () => {
  it('takes the question’s words, without stop words or FTS syntax', () => {
    assert.deepEqual(questionTerms('Who logged in from 10.0.0.5 as "root" OR NEAR(x)?'), ['logged', '10.0.0.5', 'root', 'near']);
  });

  it('leaves out terms found in COMMON_DOCS events while a rarer one remains, and AND-s them otherwise', async () => {
    const dir = temp.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingestLines(store, dir, 'auth.log', [...syslogLines(COMMON_DOCS + 20, failedRoot), ...syslogLines(14, invalidUser, 7000)], false);
      assert.equal(ftsQueryFor(store.db, ['password', 'guest3']), '"guest3"');
      assert.equal(ftsQueryFor(store.db, ['password', 'root']), '"password" AND "root"');
      assert.equal(ftsQueryFor(store.db, ['guest3', 'guest4']), '"guest3" OR "guest4"');
      assert.equal(ftsQueryFor(store.db, []), undefined);
      const hits = ftsSearch(store.db, ['password', 'guest3'], undefined, 50);
      assert.equal(hits.length, 2, 'guest3 occurs twice in 14 lines (i % 7)');
      assert.equal(ftsSearch(store.db, ['password', 'root'], { sourceIp: '203.0.113.9' }, 100).length, Math.ceil((COMMON_DOCS + 20 - 8) / 200));
    } finally {
      store.close();
    }
  });
});
