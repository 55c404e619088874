import { z } from 'zod';

/**
 * Alerts: what detection produces. One alert is one rule firing on one event (`match`) or one correlation
 * firing on a group of events within its timespan. Triage folds and groups alerts into incidents.
 */

export const RuleLevelSchema = z.enum(['informational', 'low', 'medium', 'high', 'critical']);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

export const AlertTypeSchema = z.enum([
  'match',
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
]);
export type AlertType = z.infer<typeof AlertTypeSchema>;

export const RuleStatusSchema = z.enum(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
export type RuleStatus = z.infer<typeof RuleStatusSchema>;

/** The rule as an alert carries it: enough to explain and map it without the rule file. */
export const RuleRefSchema = z.object({
  /** The Sigma `id` (a UUID for SigmaHQ rules), else the `name`, else a hash of the file path. */
  id: z.string(),
  title: z.string(),
  level: RuleLevelSchema,
  /** Sigma tags as written (`attack.t1110.001`, `attack.credential-access`, `cve.2021-44228`, …). */
  tags: z.array(z.string()),
  /** ATT&CK technique ids from the tags, upper-case (`T1110.001`). */
  techniques: z.array(z.string()),
  /** The Sigma `status`, when the rule states one (triage trusts `experimental`/`test` rules less). */
  status: RuleStatusSchema.optional(),
  /** Where the rule came from: the built-in pack or a `--rules` directory given by the user. */
  origin: z.enum(['builtin', 'extra']),
  /** Path of the rule file relative to its rule directory, for people. */
  file: z.string(),
});
export type RuleRef = z.infer<typeof RuleRefSchema>;

/** Who and what an alert is about. Values are distinct and sorted. */
export const EntitiesSchema = z.object({
  source_ip: z.array(z.string()),
  destination_ip: z.array(z.string()),
  user: z.array(z.string()),
  host: z.array(z.string()),
});
export type Entities = z.infer<typeof EntitiesSchema>;

/** Evidence event ids kept per alert; `event_total` says how many there were in all. */
export const MAX_ALERT_EVIDENCE = 200;

export const AlertSchema = z.object({
  /** Stable content hash of the rule id, the type, the group and the evidence ids: identical across runs. */
  id: z.string(),
  rule: RuleRefSchema,
  type: AlertTypeSchema,
  /** UTC ISO-8601 times of the first and last evidence event (absent when the events had no time). */
  first_seen: z.string().optional(),
  last_seen: z.string().optional(),
  /** Occurrences behind the alert (an event standing for `message repeated 5 times` counts 5). */
  count: z.number().int().positive(),
  /** The correlation's measured value (events counted, distinct values, sum or average). */
  value: z.number().optional(),
  /** The correlation's `group-by` values (field name as written in the rule → value). */
  group: z.record(z.string(), z.string()).optional(),
  entities: EntitiesSchema,
  /** Evidence, in time order, at most MAX_ALERT_EVIDENCE of them. */
  event_ids: z.array(z.string()),
  event_total: z.number().int().nonnegative(),
});
export type Alert = z.infer<typeof AlertSchema>;
