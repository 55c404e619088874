import { z } from 'zod';
import { AlertTypeSchema, EntitiesSchema, RuleLevelSchema } from './alert.ts';

/** Incidents: alerts grouped by shared entities within a time window, scored and explained (triage). */

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low', 'none']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Most severe first: the order lists, sorts and stored ranks follow (lower rank = more severe). */
export const SEVERITIES: readonly Severity[] = SeveritySchema.options;
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };

/** Stable ids of the scoring factors (docs: src/triage/score/severity.ts). */
export const SeverityFactorIdSchema = z.enum([
  'rule_level_max',
  'rule_level_sum',
  'tactic_breadth',
  'success_after_failures',
  'external_source',
  'privileged_account',
  'asset_criticality',
  'alert_volume',
]);
export type SeverityFactorId = z.infer<typeof SeverityFactorIdSchema>;

/** One reason the severity is what it is; the factors add up to the score. */
export const SeverityFactorSchema = z.object({
  factor: SeverityFactorIdSchema,
  detail: z.string(),
  points: z.number(),
});
export type SeverityFactor = z.infer<typeof SeverityFactorSchema>;

export const ConfidenceSchema = z.object({
  level: z.enum(['high', 'medium', 'low']),
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()),
});
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** Alerts of one rule with the same entities, folded into one line with a count. */
export const IncidentAlertSchema = z.object({
  rule_id: z.string(),
  title: z.string(),
  level: RuleLevelSchema,
  type: AlertTypeSchema,
  /** Alerts folded into this line. */
  count: z.number().int().positive(),
  /** Occurrences behind them (the sum of the alerts' `count`). */
  occurrences: z.number().int().positive(),
  alert_ids: z.array(z.string()),
  /** The rule's ATT&CK technique ids, as tagged. */
  techniques: z.array(z.string()),
  /** The entities the folded alerts share. */
  entities: EntitiesSchema,
  first_seen: z.string().optional(),
  last_seen: z.string().optional(),
});
export type IncidentAlert = z.infer<typeof IncidentAlertSchema>;

export const TechniqueRefSchema = z.object({
  id: z.string(),
  /** From the ATT&CK table; the id itself when the table does not know it. */
  name: z.string(),
  /** Tactic shortnames in kill-chain order (empty when unknown). */
  tactics: z.array(z.string()),
  /** Absent when the table does not know the id. */
  url: z.string().optional(),
  /** False for an id missing from the ATT&CK table (a typo or a revoked technique): shown, flagged. */
  known: z.boolean(),
});
export type TechniqueRef = z.infer<typeof TechniqueRefSchema>;

export const TacticRefSchema = z.object({ id: z.string(), shortname: z.string(), name: z.string(), url: z.string() });
export type TacticRef = z.infer<typeof TacticRefSchema>;

export const RecommendationsSchema = z.object({
  containment: z.array(z.string()),
  investigation: z.array(z.string()),
  mitigation: z.array(z.string()),
});
export type Recommendations = z.infer<typeof RecommendationsSchema>;

/** Evidence event ids kept per incident; `event_total` says how many there were in all. */
export const MAX_INCIDENT_EVIDENCE = 1000;

export const IncidentSchema = z.object({
  /** Stable content hash of the alert ids it groups: identical across runs over the same data and rules. */
  id: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  score: z.number(),
  severity_factors: z.array(SeverityFactorSchema),
  confidence: ConfidenceSchema,
  first_seen: z.string().optional(),
  last_seen: z.string().optional(),
  entities: EntitiesSchema,
  /** Most severe first, then by first_seen. */
  alerts: z.array(IncidentAlertSchema),
  alert_total: z.number().int().nonnegative(),
  /** In kill-chain order of their first tactic. */
  techniques: z.array(TechniqueRefSchema),
  /** Kill-chain order. */
  tactics: z.array(TacticRefSchema),
  /** At most MAX_INCIDENT_EVIDENCE, in the order of the alerts' evidence. */
  event_ids: z.array(z.string()),
  event_total: z.number().int().nonnegative(),
  recommendations: RecommendationsSchema,
  /** Deterministic narrative. */
  summary: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const AssetCriticalitySchema = z.enum(['critical', 'high', 'medium', 'low']);

/** Triage configuration (every field has a default). */
export const TriageOptionsSchema = z.object({
  /** Alerts join an incident only when they start within this many minutes of its time span. */
  gapMinutes: z.number().positive().default(60),
  /**
   * Asset criticality: a glob (`*`, `?`; case-insensitive) over host names and IP addresses. The first
   * matching rule wins for each entity; the most critical entity counts.
   */
  assets: z.array(z.object({ pattern: z.string().min(1), criticality: AssetCriticalitySchema })).default([]),
  /** Extra privileged account globs, added to the built-in list (root, Administrator, admin, …). */
  privilegedUsers: z.array(z.string().min(1)).default([]),
});
export type TriageOptions = z.infer<typeof TriageOptionsSchema>;
export type TriageOptionsInput = z.input<typeof TriageOptionsSchema>;
