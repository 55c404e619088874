/**
 * SOC guidance as data. Templates may name entities, substituted when an incident is triaged (raw: the
 * export escapes them for its format):
 *   {ip} source addresses · {user} accounts · {host} hosts · {dst} destination addresses
 *     (each falls back to a generic phrase when the incident has none)
 *   {external_ip} public sources · {internal_ip} internal sources
 *     (a sentence naming one of these is left out when the incident has none)
 */
export interface Guidance {
  containment?: string[];
  investigation?: string[];
  mitigation?: string[];
}

export type GuidanceTable = Readonly<Record<string, Guidance>>;
