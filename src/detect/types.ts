import type { Alert, RuleLevel, RuleRef } from '../schema/alert.ts';
import type { VigilEvent } from '../schema/event.ts';

/**
 * The contracts between the parts of detection. Three parts meet here:
 *  - sigma/      rule YAML → parsed rules → compiled matchers (one per detection rule)
 *  - mapping/    Sigma logsources and field names → our events (data tables + getters)
 *  - correlate/  Sigma correlation rules over the matches of other rules → correlation alerts
 * Detection is pure: no I/O but loading rule files, no clock, deterministic output order.
 */

/** A Sigma `logsource` block (all parts optional, lower-cased on load). */
export interface LogSource {
  product?: string;
  category?: string;
  service?: string;
}

/** What a field holds for the matcher: one value, several (arrays), or nothing (absent). */
export type FieldValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** Reads one field of an event. Built once per rule field at compile time, called in the event loop. */
export type FieldGetter = (event: VigilEvent) => FieldValue;

/** Where a position in a rule file is reported: 1-based line, as editors show it. */
export interface SourcePos {
  file: string;
  line: number;
}

/**
 * The field and logsource mapping, as data with a lookup interface (mapping/). The engine never knows how
 * events are stored: it asks for getters when compiling and calls them when matching.
 */
export interface FieldResolver {
  /**
   * The getter for a Sigma field name under a logsource, or undefined if the name is unknown there.
   * Names in our own schema (`source.ip`, `user.name`) are accepted under every logsource.
   */
  field(name: string, logsource: LogSource): FieldGetter | undefined;
  /** The text that keyword (field-less) detections search: the original record. */
  keywords: FieldGetter;
  /**
   * A predicate telling whether an event belongs to the logsource, or undefined if we have no data for
   * it at all (the rule is then reported as unsupported, never silently dropped).
   */
  selects(logsource: LogSource): ((event: VigilEvent) => boolean) | undefined;
}

/** A detection rule after compilation: test an event. */
export interface CompiledRule {
  ref: RuleRef;
  /** The Sigma `name` (for correlations that refer to it), when the rule has one. */
  name?: string;
  pos: SourcePos;
  logsource: LogSource;
  /** Whether the rule fires on the event (logsource selection included). */
  matches(event: VigilEvent): boolean;
  /** Rules that only feed correlations (`generate: false` in the correlation) raise no alert of their own. */
  generate: boolean;
  /** What was weakened so the rule could load (a filter on an unmapped field…), for `vigil rules check`. */
  notes?: readonly string[];
}

/** Why a rule did not load. */
export interface RuleProblem {
  pos: SourcePos;
  /**
   * `idle`: a valid rule that compiled, for a logsource no Vigil format produces (cloud, macOS…): it loads
   * and waits for such data. `unsupported`: valid Sigma we cannot run (unmapped field, a feature we lack…).
   * `invalid`: a broken rule.
   */
  status: 'idle' | 'unsupported' | 'invalid';
  reason: string;
  id?: string;
  /** The Sigma `name`, so correlations over an idle rule can be recognised as idle too. */
  name?: string;
  title?: string;
}

export interface RuleSetLoad {
  rules: CompiledRule[];
  correlations: CompiledCorrelation[];
  problems: RuleProblem[];
  /** Every rule document seen, loaded or not (loaded + problems). */
  total: number;
}

/** One event that a rule matched, as correlations receive it (events arrive in time order). */
export interface RuleMatch {
  rule: CompiledRule;
  event: VigilEvent;
  /** Epoch milliseconds of the event (events without a time are not correlated). */
  timeMs: number;
}

/** A correlation condition: every bound given must hold (`gt: 100` plus `lte: 200` is a range). */
export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
}

/** A Sigma correlation rule after compilation; correlations can feed other correlations (chaining). */
export interface CompiledCorrelation {
  ref: RuleRef;
  name?: string;
  pos: SourcePos;
  type: 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'value_sum' | 'value_avg';
  /** Ids or names of the rules (or correlations) it correlates. */
  ruleRefs: string[];
  /**
   * Whether this correlation raises alerts of its own: true on compile, set to false by the correlator when
   * another correlation references it without `generate: true` (like CompiledRule.generate).
   */
  generate: boolean;
  /** The document's `correlation.generate` (default false): whether the rules it references still alert alone. */
  generateReferenced: boolean;
  /** The `timespan` in milliseconds. */
  timespanMs: number;
  /** The `group-by` names as written (field names or alias names); empty: one group for all. */
  groupBy: string[];
  /** The `aliases`: alias name → referenced rule (id or name) → field name in that rule's events. */
  aliases: Record<string, Record<string, string>>;
  condition: CorrelationCondition;
  /** The condition's `field`: what value_count counts and value_sum / value_avg add up. */
  field?: string;
}

/** A running correlation engine: feed it matches in time order, collect alerts. */
export interface Correlator {
  push(match: RuleMatch): Alert[];
  /** End of input: emit what is still pending (windows that reached their condition). */
  flush(): Alert[];
}

export type { Alert, RuleLevel, RuleRef };
