import type { Rng } from '../prng.ts';
import type { Bundle, Span } from '../types.ts';

/** The contract every attack scenario module implements. */

export interface ScenarioContext {
  rng: Rng;
  span: Span;
  /** When the scenario starts (µs since epoch), already placed inside the span. */
  at: number;
}

export interface ScenarioOutput {
  bundle: Bundle;
  sourceIps: string[];
  destinationIps: string[];
  users: string[];
  hosts: string[];
  /**
   * Strings that occur in every record this scenario writes and in no other record of the data set
   * (attacker IPs, accounts only the scenario uses): a line belongs to the scenario iff it contains one.
   */
  markers: string[];
}

export interface Scenario {
  id: number;
  slug: string;
  name: string;
  /** Primary ATT&CK technique, then all of them. */
  technique: string;
  techniques: readonly string[];
  /** Where in the span the scenario starts (0–1) and how long it lasts at most (µs). */
  place: number;
  duration: number;
  build(ctx: ScenarioContext): ScenarioOutput;
}
