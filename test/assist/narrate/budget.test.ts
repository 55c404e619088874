import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promptTokens } from '../../../src/assist/narrate/budget.ts';
import { buildAnswerPrompt, type NarrationInput } from '../../../src/assist/narrate/prompt.ts';
import { LlmError } from '../../../src/assist/providers/types.ts';
import type { Fact } from '../../../src/schema/assist.ts';
import { bruteForceFacts, makeFact } from '../../helpers/facts.ts';
import { wordTokens } from '../../helpers/scripted-provider.ts';

/** Many facts with big data and long id lists, so every trimming stage has something to take. */
function heavyFacts(count: number): Fact[] {
  return Array.from({ length: count }, (_, i) =>
    makeFact({
      id: `F${i + 1}`,
      kind: 'top-sources',
      title: `Top sources ${i + 1}`,
      text: `Source 198.51.100.${i + 1} made ${100 + i} requests to host web-${i + 1}.`,
      data: { rows: Array.from({ length: 15 }, (_, r) => ({ ip: `198.51.100.${r}`, count: r * 7, user: `user${r}` })) },
      events: 40,
      alerts: 5,
    }),
  );
}

const input = (facts: Fact[]): NarrationInput => ({ question: 'Which sources are suspicious?', mode: 'advanced', intent: 'suspicious-ips', facts });

function fit(facts: Fact[], contextTokens: number, answerTokens = 200) {
  return buildAnswerPrompt(input(facts), { countTokens: wordTokens, contextTokens, answerTokens });
}

describe('token budget', () => {
  it('keeps every fact whole when the context is large', () => {
    const result = fit(heavyFacts(5), 100_000);
    assert.deepEqual(result.omitted, []);
    assert.equal(result.kept.length, 5);
    assert.ok(result.kept.every((k) => k.detail === 'full'));
  });

  it('never exceeds the budget, and trims citations, then data, then whole facts, lowest priority first', () => {
    const facts = heavyFacts(8);
    const full = fit(facts, 100_000);
    const rank = { full: 0, 'no-citations': 1, 'no-data': 2, dropped: 3 } as const;
    const seen = new Set<string>();
    for (let context = full.promptTokens + 200; context > 600; context -= 53) {
      let result;
      try {
        result = fit(facts, context);
      } catch (error) {
        assert.ok(error instanceof LlmError && error.kind === 'budget');
        break;
      }
      assert.ok(result.promptTokens <= context - 200, `context ${context}: ${result.promptTokens}`);
      assert.equal(promptTokens(wordTokens, result.messages), result.promptTokens);
      const levels = facts.map((f) => result.kept.find((k) => k.fact.id === f.id)?.detail ?? 'dropped');
      for (let i = 1; i < levels.length; i++) assert.ok(rank[levels[i]!] >= rank[levels[i - 1]!], `context ${context}: ${levels.join(',')}`);
      if (levels.includes('no-data')) assert.ok(!levels.includes('full'), 'data went before every citation list had');
      for (const omitted of result.omitted) assert.equal(omitted.omitted, { 'no-citations': 'citations', 'no-data': 'data', dropped: 'fact', full: '' }[levels[Number(omitted.id.slice(1)) - 1]!]);
      levels.forEach((l) => seen.add(l));
    }
    assert.deepEqual([...seen].sort(), ['dropped', 'full', 'no-citations', 'no-data']);
  });

  it('stays within the window when the counts of parts do not add up to the count of the whole', () => {
    const lumpy = (text: string) => wordTokens(text) + Math.floor(text.length / 300) ** 2;
    const facts = heavyFacts(8);
    for (let contextTokens = 2000; contextTokens <= 8000; contextTokens += 150) {
      const result = buildAnswerPrompt(input(facts), { countTokens: lumpy, contextTokens, answerTokens: 200 });
      assert.ok(promptTokens(lumpy, result.messages) <= contextTokens - 200, `context ${contextTokens}`);
      assert.ok(result.kept.length > 0);
    }
  });

  it('tells the model how many facts were left out, and marks trimmed facts', () => {
    const facts = heavyFacts(8);
    const empty = fit([], 100_000);
    const result = fit(facts, empty.promptTokens + 200 + 150);
    const dropped = result.omitted.filter((o) => o.omitted === 'fact').length;
    assert.ok(dropped > 0);
    const user = result.messages[1]!.content;
    assert.match(user, new RegExp(`\\(${dropped} lower-priority facts? (was|were) left out`));
    assert.match(user, /\(trimmed: data and cited ids left out\)/);
  });

  it('fits a tiny context by dropping facts and keeps the most important one', () => {
    const facts = bruteForceFacts();
    const context = fit([], 100_000).promptTokens + 100 + 150;
    const result = fit(facts, context, 100);
    assert.ok(result.promptTokens + 100 <= context);
    assert.equal(result.kept[0]?.fact.id, 'F1');
    assert.ok(result.omitted.some((o) => o.omitted === 'fact'));
  });

  it('refuses when not even the instructions and question fit, or no fact fits', () => {
    assert.throws(() => fit(bruteForceFacts(), 300, 100), (e: unknown) => e instanceof LlmError && e.kind === 'budget' && /instructions and question/.test(e.message));
    const empty = fit([], 100_000);
    const huge = [makeFact({ id: 'F1', text: 'word '.repeat(400) })];
    assert.throws(() => fit(huge, empty.promptTokens + 120, 100), (e: unknown) => e instanceof LlmError && e.kind === 'budget' && /no fact fits/.test(e.message));
  });

  it('sends a prompt with no facts when there are none, saying so', () => {
    const result = fit([], 100_000);
    assert.match(result.messages[1]!.content, /\(no facts: nothing in the store matched the question\)/);
  });
});
