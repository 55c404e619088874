import assert from 'node:assert/strict';
import type { Draft, FormatDefinition, ParseOutcome, Sample } from '../../src/ingest/format.ts';

/** Helpers to unit-test a line format: one record through a fresh parser, its first draft, a sample. */
export function lineFormatHelpers(format: FormatDefinition) {
  const parse = (text: string): ParseOutcome => format.createParser({ fileName: 'x' }).parse({ text, line: 1, offset: 0 });
  const draft = (text: string): Draft => {
    const outcome = parse(text);
    assert.equal(outcome.kind, 'events', outcome.kind === 'error' ? `${outcome.reason}: ${text}` : `expected an event for: ${text}`);
    const first = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
    assert.ok(first !== undefined);
    return first;
  };
  const sample = (lines: string[]): Sample => ({ fileName: 'x', lines, values: [] });
  return { parse, draft, sample };
}
