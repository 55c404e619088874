import type { EventFields } from '../../../schema/event.ts';

/** One message shape: a cheap `startsWith` guard, then the regex, then the fields it yields. */
export interface Rule {
  prefix: string;
  re: RegExp;
  build(m: RegExpExecArray): EventFields;
}

/** Fields from the first rule whose prefix and regex match, or undefined. */
export function runRules(rules: readonly Rule[], text: string): EventFields | undefined {
  for (const rule of rules) {
    if (!text.startsWith(rule.prefix)) continue;
    const m = rule.re.exec(text);
    if (m !== null) return rule.build(m);
  }
  return undefined;
}
