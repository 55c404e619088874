import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateChatTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS } from '../../../src/assist/providers/tokens.ts';

describe('estimateTokens', () => {
  it('counts every digit and punctuation mark of an address, timestamp or hash', () => {
    assert.equal(estimateTokens('203.0.113.9'), 11);
    assert.equal(estimateTokens('2024-03-03T10:00:01Z'), 20);
    assert.equal(estimateTokens(''), 0);
  });

  it('charges letters by run, at least one token per word', () => {
    assert.equal(estimateTokens('a b c'), 3);
    assert.equal(estimateTokens('authentication'), 6);
    assert.equal(estimateTokens('Failed password for root'), Math.ceil(2.4 + 3.2 + 1.2 + 1.6));
  });

  it('stays above a flat chars/3.5 estimate for log lines, and counts non-ASCII by UTF-8 length', () => {
    const line = 'Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2';
    assert.ok(estimateTokens(line) > Math.ceil(line.length / 3.5));
    assert.equal(estimateTokens('日本'), 3);
    assert.equal(estimateTokens('é'), 1);
    assert.equal(estimateTokens('🔥'), 2);
  });

  it('charges whitespace runs and line breaks, not single spaces', () => {
    assert.equal(estimateTokens('a  b'), estimateTokens('a b') + 1);
    assert.equal(estimateTokens('a\nb'), 3);
  });

  it('adds per-message and reply overhead for a conversation', () => {
    const messages = [{ role: 'system', content: 'abc' }, { role: 'user', content: '1.2' }] as const;
    assert.equal(estimateChatTokens(messages), 2 * MESSAGE_OVERHEAD_TOKENS + REPLY_PRIMING_TOKENS + 2 + 3);
  });
});
