import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatMarkdown, modelProse } from '../../src/assist/chat-export.ts';
import type { Answer } from '../../src/schema/assist.ts';
import type { ChatSession, StoredChatMessage } from '../../src/store/index.ts';

const EVENT = 'a1'.repeat(16);
const session: ChatSession = { id: '0123456789ab', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:05:00.000Z', actor: 'cli:alice', title: 'Brute force? <script>', messages: 2 };

function answer(overrides: Partial<Answer>): Answer {
  return {
    question: 'q',
    mode: 'basic',
    intent: 'brute-force',
    answer: '**Yes.** 6 sources [F1].',
    facts: [
      {
        id: 'F1',
        kind: 'brute-force-source',
        title: 'Brute force from 5.188.10.180',
        text: 'user <img src=x onerror=alert(1)> tried 120 times\n# not a heading',
        data: { attempts: 120 },
        entities: [{ kind: 'ip', value: '5.188.10.180' }],
        citations: { events: [EVENT, 'b2'.repeat(16)], eventCount: 120, alerts: ['c3'.repeat(8)], incidents: ['d4'.repeat(8)] },
      },
    ],
    citations: [{ kind: 'event', id: EVENT }],
    flagged: [],
    provider: 'none',
    model: null,
    fallback: null,
    cached: false,
    revision: 'e2000.a1',
    elapsed_ms: 4,
    ...overrides,
  };
}

function messages(a: Answer): StoredChatMessage[] {
  return [
    { id: 1, at: session.created_at, role: 'user', content: 'Are there any indicators of a brute-force attack?' },
    { id: 2, at: session.created_at, role: 'assistant', content: a.answer, answer: a },
  ];
}

describe('chat export to Markdown', () => {
  it('writes each question, its answer, the facts and the ids they cite', () => {
    const md = chatMarkdown(session, messages(answer({})), new Date('2026-01-02T00:00:00Z'));
    assert.match(md, /^# Vigil chat 0123456789ab: Brute force\? &lt;script&gt;/);
    assert.match(md, /## Q1\. Are there any indicators of a brute-force attack\?/);
    assert.match(md, /\*\*Yes\.\*\* 6 sources \[F1\]\./, 'our own report is kept as written');
    assert.match(md, /### Evidence/);
    assert.match(md, new RegExp(`events \\(120\\): \`${EVENT}\`, \`${'b2'.repeat(16)}\` … \\(\\+118 more\\)`));
    assert.match(md, /incidents: `d4d4d4d4d4d4d4d4`/);
    assert.match(md, /data revision e2000\.a1/);
  });

  it('keeps log-derived fact text inert: no HTML, no headings', () => {
    const md = chatMarkdown(session, messages(answer({})), new Date());
    assert.doesNotMatch(md, /<img|<script/);
    assert.match(md, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(md, /\n# not a heading/);
  });

  it('treats model output as text and lists flagged claims', () => {
    const reply = 'Attack from 9.9.9.9 <script>alert(1)</script> ![x](http://evil/p.png) [click](javascript:alert(1)) \u001b[31mred';
    const a = answer({ provider: 'ollama', model: 'llama3', answer: reply, flagged: [{ kind: 'ip', value: '9.9.9.9', reason: 'not in the evidence' }] });
    const md = chatMarkdown(session, messages(a), new Date());
    assert.doesNotMatch(md, /<script>|!\[x\]|\]\(|\u001b/);
    assert.match(md, /&lt;script&gt;/);
    assert.match(md, /### Not found in the evidence[\s\S]*- ip `9\.9\.9\.9`: not in the evidence/);
    assert.match(md, /ollama llama3/);
  });

  it('says when the deterministic answer stood in for the model', () => {
    const md = chatMarkdown(session, messages(answer({ provider: 'ollama', model: 'm', fallback: 'timeout after 30000 ms' })), new Date());
    assert.match(md, /fell back to the deterministic answer: timeout after 30000 ms/);
    assert.match(md, /\*\*Yes\.\*\*/);
  });

  it('neutralises links and images in prose', () => {
    assert.equal(modelProse('see [a](http://x)'), 'see a (http\\://x)');
  });
});
