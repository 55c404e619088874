import type { CorrelationCondition } from '../types.ts';

const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
type Operator = (typeof OPERATORS)[number];

function isOperator(key: string): key is Operator {
  return (OPERATORS as readonly string[]).includes(key);
}

/** A parsed condition map, or the reason it is not one. `field` is read separately. */
export function parseCondition(raw: Record<string, unknown>): CorrelationCondition | string {
  const condition: CorrelationCondition = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'field') continue;
    if (!isOperator(key)) return `unknown condition key "${key}" (expected gt, gte, lt, lte, eq, neq, field)`;
    const bound = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(bound)) return `condition ${key} must be a number`;
    condition[key] = bound;
  }
  if (!OPERATORS.some((op) => condition[op] !== undefined)) return 'condition has no bound (gt, gte, lt, lte, eq or neq)';
  return condition;
}

/** Whether the measured value satisfies every bound of the condition. */
export function conditionHolds(c: CorrelationCondition, value: number): boolean {
  return (
    (c.gt === undefined || value > c.gt) &&
    (c.gte === undefined || value >= c.gte) &&
    (c.lt === undefined || value < c.lt) &&
    (c.lte === undefined || value <= c.lte) &&
    (c.eq === undefined || value === c.eq) &&
    (c.neq === undefined || value !== c.neq)
  );
}

/** Only `gt`/`gte`: more evidence never breaks the condition, so a burst can report its final total. */
export function onlyLowerBounds(c: CorrelationCondition): boolean {
  return c.lt === undefined && c.lte === undefined && c.eq === undefined && c.neq === undefined;
}

const TIMESPAN = /^(\d{1,9})([smhdw])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `5m`, `1h`, `1d`, `1w` → milliseconds; undefined when malformed or zero. */
export function parseTimespan(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESPAN.exec(value.trim());
  if (m === null) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
