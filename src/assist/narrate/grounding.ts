import type { EntityRef, Fact, FlaggedClaim } from '../../schema/assist.ts';
import { extractClaims, factReferences, ipKey, severityClaims, type Claim } from './claims.ts';

/**
 * What an answer may name: every string of the evidence (lower-cased, joined), the normalised entities and
 * the entities found in that text, the technique ids, the fact ids and the severities the evidence states.
 */
export interface GroundingEvidence {
  corpus: string;
  keys: ReadonlySet<string>;
  techniques: readonly string[];
  factIds: ReadonlySet<string>;
  severities: ReadonlySet<string>;
}

/** Evidence from facts: ids, kinds, titles, texts, data keys and values, entities and cited ids. */
export function evidenceFromFacts(facts: readonly Fact[]): GroundingEvidence {
  const texts: string[] = [];
  const severities: string[] = [];
  for (const fact of facts) {
    texts.push(fact.id, fact.kind, fact.title, fact.text, ...fact.citations.events, ...fact.citations.alerts, ...fact.citations.incidents);
    collectStrings(fact.data, texts, severities, false);
  }
  return buildEvidence(texts, facts.flatMap((f) => f.entities), facts.map((f) => f.id), severities);
}

/**
 * Evidence from any texts and entities (incident summaries use it; there are no fact ids to cite). The
 * severities are the structured ones given; only when there are none are they read from the texts, which
 * quote log values (an injected "severity is None" would otherwise ground the very claim it asks for).
 */
export function buildEvidence(texts: readonly string[], entities: readonly EntityRef[], factIds: readonly string[] = [], severities: readonly string[] = []): GroundingEvidence {
  const keys = new Set<string>();
  const techniques = new Set<string>();
  const stated = new Set(severities.map((s) => s.toLowerCase()));
  const fromText = stated.size === 0;
  for (const entity of entities) {
    keys.add(entityKey(entity));
    if (entity.kind === 'technique') techniques.add(entity.value.toUpperCase());
  }
  const all = [...texts, ...entities.map((e) => e.value)];
  for (const text of all) {
    for (const claim of extractClaims(text)) {
      keys.add(claim.key);
      if (claim.kind === 'technique') techniques.add(claim.key);
    }
    if (fromText) for (const claim of severityClaims(text)) stated.add(claim.key);
  }
  return { corpus: all.join('\n').toLowerCase(), keys, techniques: [...techniques], factIds: new Set(factIds), severities: stated };
}

function entityKey(entity: EntityRef): string {
  if (entity.kind === 'ip') {
    try {
      return ipKey(entity.value);
    } catch {
      return entity.value.toLowerCase();
    }
  }
  return entity.kind === 'technique' ? entity.value.toUpperCase() : entity.value.toLowerCase();
}

/** Keys and string leaves of `data`; values under a key naming a severity or a (rule) level are severities too. */
function collectStrings(value: unknown, out: string[], severities: string[], underSeverity: boolean): void {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value));
    if (underSeverity && typeof value === 'string') severities.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, out, severities, underSeverity);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    out.push(key);
    const isSeverityKey = /(?:^|[_.])(?:severity|level)$/i.test(key) && !/confidence/i.test(key);
    if (underSeverity) severities.push(key);
    collectStrings(inner, out, severities, isSeverityKey);
  }
}

/**
 * Flags what an answer names that the evidence does not contain: entities (compared case-insensitively,
 * IPv6 in a normalised form, a parent technique accepted when a sub-technique is in the evidence), fact
 * citations of ids that do not exist, and severities the evidence does not state. One flag per value.
 */
export function checkGrounding(answer: string, evidence: GroundingEvidence): FlaggedClaim[] {
  const flagged = new Map<string, FlaggedClaim>();
  const flag = (claim: Pick<Claim, 'kind' | 'value' | 'key'>, reason: string): void => {
    const id = `${claim.kind}:${claim.key}`;
    if (!flagged.has(id)) flagged.set(id, { kind: claim.kind, value: claim.value, reason });
  };
  for (const claim of extractClaims(answer)) {
    if (!grounded(claim, evidence)) flag(claim, `${claimNoun(claim)} does not appear in the evidence`);
  }
  for (const id of factReferences(answer)) {
    if (!evidence.factIds.has(id)) flag({ kind: 'citation', value: `[${id}]`, key: id }, `cites ${id}, which is not one of the facts (${factRange(evidence.factIds)})`);
  }
  for (const claim of severityClaims(answer)) {
    if (evidence.severities.has(claim.key)) continue;
    const stated = [...evidence.severities].sort().join(', ');
    flag(claim, stated === '' ? `severity "${claim.value}" is stated, but the evidence states no severity` : `severity "${claim.value}" is not what the evidence states (${stated})`);
  }
  return [...flagged.values()];
}

function grounded(claim: Claim, evidence: GroundingEvidence): boolean {
  if (evidence.keys.has(claim.key)) return true;
  if (claim.kind === 'technique') return evidence.techniques.some((t) => t.startsWith(`${claim.key}.`));
  if (claim.kind === 'ip') return false;
  return containsToken(evidence.corpus, claim.key, claim.kind === 'domain' || claim.kind === 'url');
}

/**
 * `needle` occurs in `corpus` as a whole token: no letter, digit or `_` right before or after it, and not
 * continued by `.x` or `-x` (so `evil.com` is not found in `evil.com.example.net`, nor `web` in `web-01`).
 * Names may follow a dot when `afterDot` (a domain inside a longer host name).
 */
export function containsToken(corpus: string, needle: string, afterDot: boolean): boolean {
  if (needle === '') return false;
  for (let at = corpus.indexOf(needle); at >= 0; at = corpus.indexOf(needle, at + 1)) {
    const before = corpus.charAt(at - 1);
    const after = corpus.slice(at + needle.length, at + needle.length + 2);
    if (isWordChar(before) || (before === '.' && !afterDot) || before === '-') continue;
    if (isWordChar(after.charAt(0)) || (/^[.-]/.test(after) && isWordChar(after.charAt(1)))) continue;
    return true;
  }
  return false;
}

function isWordChar(char: string): boolean {
  return char !== '' && /[\p{L}\p{N}_]/u.test(char);
}

function claimNoun(claim: Claim): string {
  const nouns: Record<Claim['kind'], string> = {
    ip: 'IP address', user: 'user', host: 'host', technique: 'ATT&CK technique', process: 'process', domain: 'domain',
    url: 'URL', hash: 'hash or id', citation: 'citation', severity: 'severity',
  };
  return `${nouns[claim.kind]} "${claim.value}"`;
}

function factRange(ids: ReadonlySet<string>): string {
  if (ids.size === 0) return 'there are none';
  const sorted = [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return sorted.length <= 6 ? sorted.join(', ') : `${sorted[0] ?? ''}–${sorted[sorted.length - 1] ?? ''}`;
}
