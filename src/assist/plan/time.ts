import type { TimeScope } from '../../schema/assist.ts';

/**
 * Time phrases: "last 24 hours", "past week", "today", "yesterday", "since 2024-01-01", "before …",
 * "between … and …", "from … to …", "on 2024-03-02". Dates are ISO-8601 (a date, or a date and time, with an
 * optional zone; none means UTC). Relative phrases are kept relative: they count back from the store's
 * latest event (resolveTimeScope), because logs under investigation are rarely from the last hours of now.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: Readonly<Record<string, number>> = { second: 1000, minute: MINUTE, min: MINUTE, hour: HOUR, hr: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY };
const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, 'twenty four': 24, 'forty eight': 48,
};

const DATE = String.raw`\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:z|[+-]\d{2}:?\d{2})?`;
const LAST = /\b(?:in |during |over |within |for )?(?:the )?(?:last|past|previous|recent|latest) (\d{1,5}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty four|forty eight)? ?(second|minute|min|hour|hr|day|week|month)s?\b/i;
const BETWEEN = new RegExp(String.raw`\b(?:between|from) (${DATE}) (?:and|to|until|till|through|-) (${DATE})`, 'i');
const SINCE = new RegExp(String.raw`\b(?:since|after|from|starting) (${DATE})`, 'i');
const UNTIL = new RegExp(String.raw`\b(?:before|until|till|up to|through) (${DATE})`, 'i');
const ON = new RegExp(String.raw`\b(?:on|during|for) (${DATE})`, 'i');
const TODAY = /\btoday\b/i;
const YESTERDAY = /\byesterday\b/i;

function hasClock(text: string): boolean {
  return text.length > 10;
}

/** Milliseconds of an ISO date or date-time; a value without a zone is UTC. */
export function parseIsoTime(text: string): number | undefined {
  const t = text.toUpperCase().replace(' ', 'T');
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : hasClock(t) ? `${t}Z` : `${t}T00:00:00Z`;
  const ms = Date.parse(zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** The exclusive end of an `until` bound: a bare date includes its whole day. */
function endOf(text: string): number | undefined {
  const ms = parseIsoTime(text);
  if (ms === undefined) return undefined;
  return hasClock(text) ? ms : ms + DAY;
}

function absolute(phrase: string, sinceMs: number | undefined, untilMs: number | undefined): TimeScope | undefined {
  if (sinceMs === undefined && untilMs === undefined) return undefined;
  return { phrase, sinceMs, untilMs, resolved: true };
}

/** The time scope the question names, with the phrase it came from; undefined when it names none. */
export function parseTimeScope(question: string): TimeScope | undefined {
  const between = BETWEEN.exec(question);
  if (between !== null) return absolute(between[0], parseIsoTime(between[1]!), endOf(between[2]!));
  const since = SINCE.exec(question);
  const until = UNTIL.exec(question);
  if (since !== null || until !== null) {
    const phrase = [since?.[0], until?.[0]].filter((p) => p !== undefined).join(' … ');
    return absolute(phrase, since === null ? undefined : parseIsoTime(since[1]!), until === null ? undefined : endOf(until[1]!));
  }
  const on = ON.exec(question);
  if (on !== null) {
    const start = parseIsoTime(on[1]!);
    return absolute(on[0], start, start === undefined ? undefined : hasClock(on[1]!) ? start + HOUR : start + DAY);
  }
  const last = LAST.exec(question);
  if (last !== null) {
    const amount = last[1] === undefined ? 1 : (WORD_NUMBERS[last[1].toLowerCase()] ?? Number(last[1]));
    const unit = UNITS[last[2]!.toLowerCase()] ?? HOUR;
    if (amount > 0) return { phrase: last[0].trim(), lastMs: amount * unit, resolved: false };
  }
  if (YESTERDAY.test(question)) return { phrase: 'yesterday', dayOffset: 1, resolved: false };
  if (TODAY.test(question)) return { phrase: 'today', dayOffset: 0, resolved: false };
  return undefined;
}

/**
 * Relative scopes as absolute bounds, counted from the latest event (`latestMs`); an empty store (undefined)
 * leaves them open. "Last N hours" includes the latest event itself.
 */
export function resolveTimeScope(scope: TimeScope, latestMs: number | undefined): TimeScope {
  if (scope.resolved || latestMs === undefined) return scope;
  if (scope.lastMs !== undefined) return { ...scope, sinceMs: latestMs - scope.lastMs, untilMs: latestMs + 1, resolved: true };
  const dayStart = Math.floor(latestMs / DAY) * DAY - (scope.dayOffset ?? 0) * DAY;
  return { ...scope, sinceMs: dayStart, untilMs: dayStart + DAY, resolved: true };
}

/** A scope for people: its phrase and, once resolved, its bounds. */
export function describeTimeScope(scope: TimeScope): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (!scope.resolved) return `${scope.phrase} (counted back from the latest event)`;
  const from = scope.sinceMs === undefined ? 'the first event' : iso(scope.sinceMs);
  const to = scope.untilMs === undefined ? 'the last event' : iso(scope.untilMs);
  return `${scope.phrase}: ${from} to ${to} (end exclusive)`;
}

/** The question without its time phrase, so dates are not read as entities. */
export function withoutTimePhrases(question: string): string {
  return [BETWEEN, SINCE, UNTIL, ON, LAST].reduce((text, re) => text.replace(new RegExp(re.source, 'gi'), ' '), question);
}
