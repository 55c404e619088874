import type { Citations, Fact } from '../../schema/assist.ts';
import { VALUE_CAPS, neutralise, neutraliseData, type Fence } from './fence.ts';

/** How much of a fact goes into a prompt: all of it, without the cited id lists, or without its data too. */
export type FactDetail = 'full' | 'no-citations' | 'no-data';

/** Cited ids listed per kind at most (the counts are always given). */
export const CITED_IDS_MAX = 25;
const ENTITIES_MAX = 50;

/**
 * One fact as lines inside the evidence fence. Every piece comes from computed facts whose strings carry
 * log values, so each is neutralised; the id is shown as the `[F3]` the answer must cite.
 */
export function renderFact(fact: Fact, detail: FactDetail, fence: Fence): string {
  const id = neutralise(fact.id, 16, fence);
  const trimmed = detail === 'full' ? '' : detail === 'no-citations' ? ' (trimmed: cited ids left out)' : ' (trimmed: data and cited ids left out)';
  const lines = [
    `[${id}] ${neutralise(fact.title, VALUE_CAPS.title, fence)} (kind: ${neutralise(fact.kind, VALUE_CAPS.key, fence)})${trimmed}`,
    `text: ${neutralise(fact.text, VALUE_CAPS.text, fence)}`,
  ];
  if (detail !== 'no-data' && Object.keys(fact.data).length > 0) lines.push(`data: ${neutraliseData(fact.data, fence)}`);
  if (fact.entities.length > 0) lines.push(`entities: ${entityList(fact, fence)}`);
  lines.push(`citations: ${citationLine(fact.citations, detail === 'full', fence)}`);
  return lines.join('\n');
}

function entityList(fact: Fact, fence: Fence): string {
  const shown = fact.entities.slice(0, ENTITIES_MAX).map((e) => `${e.kind} ${neutralise(e.value, VALUE_CAPS.value, fence)}`);
  const more = fact.entities.length > ENTITIES_MAX ? `; …(+${fact.entities.length - ENTITIES_MAX} more)` : '';
  return shown.join('; ') + more;
}

function citationLine(citations: Citations, withIds: boolean, fence: Fence): string {
  const parts = [
    idList(citations.eventCount, 'event', citations.events, withIds, fence),
    idList(citations.alerts.length, 'alert', citations.alerts, withIds, fence),
    idList(citations.incidents.length, 'incident', citations.incidents, withIds, fence),
  ];
  return parts.join('; ');
}

function idList(count: number, noun: string, ids: readonly string[], withIds: boolean, fence: Fence): string {
  const head = `${count} ${noun}${count === 1 ? '' : 's'}`;
  if (!withIds || ids.length === 0) return head;
  const shown = ids.slice(0, CITED_IDS_MAX).map((id) => neutralise(id, 80, fence));
  const more = count > shown.length ? `, …(+${count - shown.length} more)` : '';
  return `${head} (${shown.join(', ')}${more})`;
}
