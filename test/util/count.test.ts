import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { count, plural } from '../../src/util/count.ts';

describe('counts in sentences and reports', () => {
  it('names one thing in the singular and any other number in the plural, with thousands separators', () => {
    assert.equal(plural(1, 'error'), '1 error');
    assert.equal(plural(0, 'error'), '0 errors');
    assert.equal(plural(1024, 'distinct path'), '1,024 distinct paths');
    assert.equal(plural(2, 'match', 'matches'), '2 matches');
    assert.equal(count(1234567), '1,234,567');
  });
});
