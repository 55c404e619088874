import type { FieldGetter, FieldResolver, LogSource } from '../types.ts';
import { resolveField } from './fields/index.ts';
import { keywordGetter } from './keywords.ts';
import { logsourceSelector } from './logsources/index.ts';
import type { Selector } from './logsources/windows.ts';

/**
 * Vigil's Sigma mapping: which events a logsource selects and how a Sigma field name reads an event,
 * kept as data tables (logsources/, fields/) behind the `FieldResolver` lookup. Getters and selectors are
 * built once per (logsource, name) and shared by every rule that asks for the same one.
 * See docs/sigma-mapping.md.
 */

function logsourceKey({ product, category, service }: LogSource): string {
  return `${product ?? ''}|${category ?? ''}|${service ?? ''}`;
}

export function createResolver(): FieldResolver {
  const fields = new Map<string, FieldGetter | null>();
  const selectors = new Map<string, Selector | null>();
  return {
    field(name, logsource) {
      const key = `${logsourceKey(logsource)}|${name}`;
      let getter = fields.get(key);
      if (getter === undefined) {
        getter = resolveField(name, logsource) ?? null;
        fields.set(key, getter);
      }
      return getter ?? undefined;
    },
    keywords: keywordGetter,
    selects(logsource) {
      const key = logsourceKey(logsource);
      let selector = selectors.get(key);
      if (selector === undefined) {
        selector = logsourceSelector(logsource) ?? null;
        selectors.set(key, selector);
      }
      return selector ?? undefined;
    },
  };
}

export const defaultResolver: FieldResolver = createResolver();
