import { promptTokens, type CountTokens } from '../narrate/budget.ts';
import { cutAt } from '../narrate/unicode.ts';
import { LlmError, type ChatMessage } from '../providers/types.ts';

export interface PackBudget {
  count: CountTokens;
  /** Prompt tokens a call may use (the context window less the reply's reserve). */
  limit: number;
  /** The messages of call `index` of `total` holding `group`, whose first item is item `offset` (0-based). */
  compose: (group: readonly string[], index: number, total: number, offset: number) => ChatMessage[];
}

/**
 * Splits items, in order, into consecutive groups whose composed messages each fit `limit`: greedily by
 * summed item counts, then checked on the real messages, with their real numbering, moving the last item
 * of a group that is over on to the next. Throws LlmError `budget` when one item alone does not fit.
 */
export function packItems(items: readonly string[], budget: PackBudget): string[][] {
  const fixed = promptTokens(budget.count, budget.compose([], items.length, items.length, items.length));
  const groups: string[][] = [];
  let group: string[] = [];
  let used = fixed;
  for (const item of items) {
    const cost = budget.count(item) + 1;
    if (fixed + cost > budget.limit) throw new LlmError('budget', `one item needs ${fixed + cost} prompt tokens; a call may use ${budget.limit}`);
    if (group.length > 0 && used + cost > budget.limit) {
      groups.push(group);
      group = [];
      used = fixed;
    }
    group.push(item);
    used += cost;
  }
  if (group.length > 0) groups.push(group);
  while (settleGroups(groups, budget));
  return groups;
}

/** One checking pass; true when it moved an item (a new group changes every call's numbering: check again). */
function settleGroups(groups: string[][], budget: PackBudget): boolean {
  let moved = false;
  let offset = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    while (promptTokens(budget.count, budget.compose(group, i, groups.length, offset)) > budget.limit) {
      const last = group.pop();
      if (last === undefined || group.length === 0) throw new LlmError('budget', `one item does not fit in ${budget.limit} prompt tokens`);
      const next = groups[i + 1];
      if (next === undefined) groups.push([last]);
      else next.unshift(last);
      moved = true;
    }
    offset += group.length;
  }
  return moved;
}

/** `text` cut (at a character boundary, with `…`) to at most `max` tokens. */
export function clipTokens(text: string, max: number, count: CountTokens): string {
  if (count(text) <= max) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (count(`${cutAt(text, mid)}…`) <= max) low = mid;
    else high = mid - 1;
  }
  return `${cutAt(text, low)}…`;
}
