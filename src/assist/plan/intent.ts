import type { Intent } from '../../schema/assist.ts';

/**
 * Intent by weighted phrase patterns: every pattern that matches the (lower-cased, hyphen-folded) question
 * adds its weight to its intent; the highest total wins if it reaches MIN_SCORE, ties going to the intent
 * listed first in PRIORITY. Entity questions score only when the question names an entity.
 */

interface Pattern {
  re: RegExp;
  weight: number;
}

type Scored = Exclude<Intent, 'free'>;

const LOGIN = String.raw`(?:log ?ins?|log ?ons?|sign ?ins?|auth\w*|passwords?|credentials?|ssh)`;
const FAIL = String.raw`(?:fail\w*|unsuccessful|invalid|wrong|bad|denied|rejected)`;
const IPS = String.raw`(?:ips?|ip addresse?s?|addresse?s?|sources?|hosts?|clients?|origins?|actors?)`;

const PATTERNS: Readonly<Record<Scored, readonly Pattern[]>> = {
  'brute-force': [
    { re: /\bbrute ?forc\w*/, weight: 8 },
    { re: /\b(?:password|credential) (?:spray\w*|guess\w*|stuffing)|\bdictionary attacks?\b/, weight: 7 },
    { re: /\bguess\w* (?:the |their |a |our )?(?:passwords?|credentials?|logins?)/, weight: 7 },
    { re: /\bt1110\b/, weight: 8 },
    { re: /\b(?:repeated|many|lots of|mass|rapid) (?:failed )?(?:log ?in|auth\w*|password)/, weight: 3 },
  ],
  'most-critical': [
    { re: /\bmost (?:critical|severe|serious|important|dangerous|urgent|significant|concerning|alarming)\b/, weight: 7 },
    { re: /\b(?:worst|biggest|gravest|highest[ -]?(?:severity|risk|priority|scor\w*))\b/, weight: 6 },
    { re: /\b(?:top|main|primary|number one|#1) (?:threat|incident|risk|issue|finding|priority|concern)\b/, weight: 6 },
    { re: /\b(?:look at|investigate|handle|focus on|deal with|tackle) first\b|\bprioriti[sz]e\b/, weight: 5 },
    { re: /\bcritical\b/, weight: 2 },
  ],
  'failed-logins': [
    { re: new RegExp(String.raw`\b${FAIL}\b(?: \w+){0,2} ${LOGIN}`), weight: 6 },
    { re: new RegExp(String.raw`\b${LOGIN} (?:\w+ ){0,2}${FAIL}`), weight: 6 },
    { re: /\b(?:login|logon|authentication|sign ?in) (?:attempts?|errors?|failures?)\b/, weight: 3 },
    { re: /\binvalid users?\b|\baccount lockouts?\b|\blocked out\b/, weight: 4 },
    { re: new RegExp(String.raw`\b${LOGIN}\b`), weight: 1 },
  ],
  'suspicious-ips': [
    { re: new RegExp(String.raw`\b(?:suspicious|malicious|bad|hostile|attacking|attacker|offending|rogue|dangerous|unknown) ${IPS}\b`), weight: 7 },
    { re: new RegExp(String.raw`\b(?:suspicious|malicious|hostile|attacking|bad)\b(?: \w+){0,3} ${IPS}\b`), weight: 4 },
    { re: /\b(?:which|what|list|all|show|top) (?:the )?(?:ips?|ip addresses?|addresses)\b/, weight: 4 },
    { re: /\bips?\b|\bip addresse?s?\b/, weight: 3 },
    { re: /\bwho (?:is|are|was|were) (?:attacking|targeting|probing|scanning)\b/, weight: 4 },
  ],
  external: [
    { re: /\bexternal\b/, weight: 6 },
    { re: /\b(?:outside|internet|public|foreign|remote|outbound|inbound|untrusted|third[ -]party)\b(?: \w+){0,2} (?:sources?|ips?|addresses|hosts?|traffic|actors?|networks?|connections?|origins?|parties)\b/, weight: 5 },
    { re: /\bfrom (?:the )?(?:internet|outside|the wan|abroad|off[ -]?site)\b|\boutside (?:our|the) (?:network|perimeter)\b/, weight: 5 },
    { re: /\binternet[ -]facing\b/, weight: 3 },
  ],
  timeline: [
    { re: /\btime ?lines?\b/, weight: 8 },
    { re: /\bchronolog\w*|\bin (?:time|chronological) order\b/, weight: 6 },
    { re: /\b(?:sequence|order|succession|progression) of (?:events|activity|activities|actions|the attack)\b/, weight: 6 },
    { re: /\bstep by step\b|\bwhen did\b|\bwhat happened when\b|\bkill ?chain\b/, weight: 4 },
    { re: /\bhow did (?:the|this|it) (?:attack|incident|intrusion) (?:unfold|progress|happen|develop)\b/, weight: 6 },
  ],
  threats: [
    { re: /\bthreats?\b/, weight: 4 },
    { re: /\bsecurity (?:issues?|risks?|problems?|concerns?|incidents?|findings?|events?)\b/, weight: 3 },
    { re: /\b(?:attacks?|attackers?|malicious|compromis\w*|intrusions?|breach\w*|malware|hack\w*|exploit\w*)\b/, weight: 2 },
    { re: /\bincidents?\b|\balerts?\b|\bdetections?\b/, weight: 2 },
    { re: /\bt\d{4}(?:\.\d{3})?\b|\batt&ck\b|\bmitre\b|\btechniques?\b|\btactics?\b/, weight: 2 },
    { re: /\b(?:anything|something) (?:bad|suspicious|wrong|malicious|unusual|odd|abnormal)\b|\bsuspicious\b|\banomal\w*|\bunusual\b/, weight: 2 },
    { re: /\bwhat(?:'s| is) (?:going on|happening)\b|\bam i (?:under attack|compromised|hacked)\b/, weight: 3 },
  ],
  software: [
    { re: /\b(?:software|packages?|programs?|applications?|apps|tools?|msi)\b(?: \w+){0,3} (?:(?:un)?install\w*|remov\w*|upgrad\w*|downgrad\w*|deployed|added)\b/, weight: 7 },
    { re: /\b(?:(?:un)?install\w*|deploy\w*|upgrad\w*)\b(?: \w+){0,3} (?:software|packages?|programs?|applications?|apps|tools?|msi)\b/, weight: 7 },
    { re: /\bwhat (?:was|got|has been|have been|were) (?:(?:un)?installed|removed|upgraded|deployed)\b/, weight: 7 },
    // "was nmap installed?", not "was a service installed?" (services are the timeline's).
    { re: /\b(?:was|were|is|has|have|got) (?!(?:a |any |the |new )*services?\b)[\w.+-]+(?: [\w.+-]+)? (?:been )?(?:un)?installed\b/, weight: 4 },
    { re: /\b(?:apt|dpkg|yum|dnf|rpm|msiinstaller|windows installer)\b/, weight: 3 },
    { re: /\bremote (?:access|support|desktop|management|monitoring) (?:tools?|software|apps?)\b|\brmm\b|\b(?:anydesk|teamviewer|screenconnect|rustdesk|atera)\b/, weight: 4 },
  ],
  entity: [
    { re: /\bwhat (?:did|has|have) .{1,80} (?:do|done|been doing|been up to)\b/, weight: 6 },
    { re: /\b(?:activit(?:y|ies)|actions?|behaviou?r|history|events?|logs?|footprint) (?:of|for|from|by|on|involving)\b/, weight: 4 },
    { re: /\b(?:tell me about|investigate|profile|look into|details? (?:of|on|about)|who is|what is)\b/, weight: 4 },
    { re: /\bwhat happened (?:on|to|with|at)\b/, weight: 5 },
  ],
};

/** Tie-break order: the more specific intent first. */
const PRIORITY: readonly Scored[] = ['brute-force', 'most-critical', 'failed-logins', 'suspicious-ips', 'external', 'software', 'timeline', 'entity', 'threats'];

const MIN_SCORE = 3;
/** What naming an entity alone is worth to the entity intent ("10.0.0.5?"). */
const ENTITY_BASE = 3;

export interface IntentChoice {
  intent: Intent;
  matched: string[];
  scores: Partial<Record<Scored, number>>;
}

/** Lower case, hyphens and underscores as spaces, runs of spaces as one: paraphrase-tolerant text. */
export function foldQuestion(question: string): string {
  return question.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function classifyIntent(question: string, namesEntity: boolean): IntentChoice {
  const text = foldQuestion(question);
  const scores: Partial<Record<Scored, number>> = {};
  const matches = new Map<Scored, string[]>();
  for (const intent of PRIORITY) {
    if (intent === 'entity' && !namesEntity) continue;
    let score = intent === 'entity' ? ENTITY_BASE : 0;
    const found: string[] = [];
    for (const { re, weight } of PATTERNS[intent]) {
      const m = re.exec(text);
      if (m === null) continue;
      score += weight;
      found.push(m[0]);
    }
    scores[intent] = score;
    matches.set(intent, found);
  }
  let best: Scored | undefined;
  for (const intent of PRIORITY) {
    const score = scores[intent] ?? 0;
    if (score >= MIN_SCORE && (best === undefined || score > (scores[best] ?? 0))) best = intent;
  }
  return best === undefined ? { intent: 'free', matched: [], scores } : { intent: best, matched: matches.get(best) ?? [], scores };
}
