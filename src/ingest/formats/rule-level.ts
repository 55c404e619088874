/** Sigma rule levels as event severities (1 critical … 5 informational), with Hayabusa's short forms. */
const LEVELS: ReadonlyMap<string, number> = new Map([['crit', 1], ['critical', 1], ['high', 2], ['med', 3], ['medium', 3], ['low', 4], ['info', 5], ['informational', 5]]);

/** The severity of a detection imported with its rule's level (Hayabusa, Chainsaw); undefined for another word. */
export function ruleLevelSeverity(level: string | undefined): number | undefined {
  return level === undefined ? undefined : LEVELS.get(level.toLowerCase());
}
