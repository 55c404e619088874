import type { RuleRef } from '../../schema/alert.ts';
import type { VigilEvent } from '../../schema/event.ts';
import type { CompiledRule, LogSource, SourcePos } from '../types.ts';
import type { Test } from './match/field.ts';
import type { Need } from './prefilter/need.ts';

/**
 * A compiled Sigma detection rule. Besides `matches` (logsource and condition), it exposes both halves so
 * the detector can test a logsource once for all the rules that share it.
 */
export class SigmaRule implements CompiledRule {
  generate = true;

  constructor(
    readonly ref: RuleRef,
    readonly pos: SourcePos,
    readonly logsource: LogSource,
    readonly selects: Test,
    readonly condition: Test,
    readonly name: string | undefined,
    /** What was weakened to load the rule (filters on unmapped fields…), for `vigil rules check`. */
    readonly notes: readonly string[],
    /** Atoms one of which holds whenever `condition` does (see prefilter/need.ts); undefined: unknown. */
    readonly need?: Need,
  ) {}

  matches(event: VigilEvent): boolean {
    return this.selects(event) && this.condition(event);
  }
}

/** `product=windows category=process_creation`, for reasons and grouping. */
export function logsourceKey(logsource: LogSource): string {
  const parts: string[] = [];
  if (logsource.product !== undefined) parts.push(`product=${logsource.product}`);
  if (logsource.category !== undefined) parts.push(`category=${logsource.category}`);
  if (logsource.service !== undefined) parts.push(`service=${logsource.service}`);
  return parts.length === 0 ? '(any)' : parts.join(' ');
}
