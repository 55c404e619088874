import { z } from 'zod';
import { AlertTypeSchema, EntitiesSchema, RuleLevelSchema } from './alert.ts';

/** Incidents: alerts grouped by shared entities within a time window, scored and explained (triage). */

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low', 'none']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One reason the severity is what it is; the factors add up to the score. */
export const SeverityFactorSchema = z.object({
  factor: z.string(),
  detail: z.string(),
  points: z.number(),
});

export const ConfidenceSchema = z.object({
  level: z.enum(['high', 'medium', 'low']),
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()),
});

/** Alerts of one rule with the same entities, folded into one line with a count. */
export const IncidentAlertSchema = z.object({
  rule_id: z.string(),
  title: z.string(),
  level: RuleLevelSchema,
  type: AlertTypeSchema,
  count: z.number().int().positive(),
  alert_ids: z.array(z.string()),
  first_seen: z.string().optional(),
  last_seen: z.string().optional(),
});

export const TechniqueRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  tactics: z.array(z.string()),
  url: z.string(),
});

export const TacticRefSchema = z.object({ id: z.string(), shortname: z.string(), name: z.string(), url: z.string() });

export const RecommendationsSchema = z.object({
  containment: z.array(z.string()),
  investigation: z.array(z.string()),
  mitigation: z.array(z.string()),
});

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
  alerts: z.array(IncidentAlertSchema),
  alert_total: z.number().int().nonnegative(),
  /** In kill-chain order of their first tactic. */
  techniques: z.array(TechniqueRefSchema),
  /** Kill-chain order. */
  tactics: z.array(TacticRefSchema),
  event_ids: z.array(z.string()),
  event_total: z.number().int().nonnegative(),
  recommendations: RecommendationsSchema,
  /** Deterministic narrative. */
  summary: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;
