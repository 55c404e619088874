/**
 * LEEF `devTime` values come with a Java SimpleDateFormat pattern in `devTimeFormat`
 * (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`, `MMM dd yyyy HH:mm:ss z` …). This turns a pattern into a matcher that
 * rewrites such a time as ISO text the normaliser reads. The pattern is record data, so matchers are
 * built per distinct pattern and cached per file (bounded), never per record.
 */

type Slot = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm' | 'zone';

interface Matcher {
  regex: RegExp;
  slots: Slot[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;
const ZONE_OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;
const UTC_NAMES = new Set(['z', 'utc', 'gmt', 'ut']);
const MAX_CACHED = 32;
const LETTER = /[A-Za-z]/;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function letterPart(letter: string, width: number): { source: string; slot?: Slot } | undefined {
  switch (letter) {
    case 'y': return width === 2 ? { source: '(\\d{2})', slot: 'year2' } : { source: '(\\d{4})', slot: 'year' };
    case 'M': return width >= 3 ? { source: '([A-Za-z]{3,9})', slot: 'monthName' } : { source: '(\\d{1,2})', slot: 'month' };
    case 'd': return { source: '(\\d{1,2})', slot: 'day' };
    case 'H': case 'k': return { source: '(\\d{1,2})', slot: 'hour' };
    case 'h': case 'K': return { source: '(\\d{1,2})', slot: 'hour12' };
    case 'm': return { source: '(\\d{1,2})', slot: 'minute' };
    case 's': return { source: '(\\d{1,2})', slot: 'second' };
    case 'S': return { source: '(\\d{1,9})', slot: 'fraction' };
    case 'a': return { source: '([AaPp][Mm])', slot: 'ampm' };
    case 'z': return { source: '([A-Za-z]{1,5}|[+-]\\d{2}:?\\d{2})', slot: 'zone' };
    case 'Z': case 'X': case 'x': return { source: '(Z|[+-]\\d{2}(?::?\\d{2})?)', slot: 'zone' };
    case 'E': return { source: '[A-Za-z]{2,9}' };
    default: return undefined;
  }
}

function compile(pattern: string): Matcher | undefined {
  let source = '^';
  const slots: Slot[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return undefined;
      source += end === i + 1 ? "'" : pattern.slice(i + 1, end).replace(ESCAPE, '\\$&');
      i = end + 1;
    } else if (LETTER.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const part = letterPart(c, j - i);
      if (part === undefined) return undefined;
      source += part.source;
      if (part.slot !== undefined) slots.push(part.slot);
      i = j;
    } else {
      source += c.replace(ESCAPE, '\\$&');
      i++;
    }
  }
  return { regex: new RegExp(`${source}$`), slots };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function zoneSuffix(zone: string | undefined): string {
  if (zone === undefined) return '';
  if (UTC_NAMES.has(zone.toLowerCase())) return 'Z';
  const m = ZONE_OFFSET.exec(zone);
  return m === null ? '' : `${m[1] ?? '+'}${m[2] ?? '00'}:${m[3] ?? '00'}`;
}

function assemble(slots: readonly Slot[], values: readonly (string | undefined)[]): string | undefined {
  const got = new Map<Slot, string>();
  slots.forEach((slot, index) => {
    const value = values[index];
    if (value !== undefined) got.set(slot, value);
  });
  const name = got.get('monthName');
  const month = name === undefined ? Number(got.get('month') ?? NaN) : MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  const day = Number(got.get('day') ?? NaN);
  let hour = Number(got.get('hour') ?? got.get('hour12') ?? 0);
  const ampm = got.get('ampm')?.toLowerCase();
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  if (!(month >= 1 && month <= 12) || !(day >= 1 && day <= 31)) return undefined;
  const clock = `${pad(hour)}:${pad(Number(got.get('minute') ?? 0))}:${pad(Number(got.get('second') ?? 0))}`;
  const fraction = got.has('fraction') ? `.${got.get('fraction') ?? ''}` : '';
  const yearText = got.get('year') ?? (got.has('year2') ? `20${got.get('year2') ?? ''}` : undefined);
  if (yearText === undefined) return `${MONTH_NAMES[month - 1] ?? ''} ${day} ${clock}${fraction}`;
  return `${yearText}-${pad(month)}-${pad(day)}T${clock}${fraction}${zoneSuffix(got.get('zone'))}`;
}

/** Per-file cache of compiled devTimeFormat patterns. */
export class DevTimeReader {
  private readonly cache = new Map<string, Matcher | null>();

  /** The time as ISO (or year-less syslog) text, or undefined when it does not fit the pattern. */
  read(value: string, pattern: string): string | undefined {
    let matcher = this.cache.get(pattern);
    if (matcher === undefined) {
      matcher = pattern.length > 64 ? null : (compile(pattern) ?? null);
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(pattern, matcher);
    }
    if (matcher === null) return undefined;
    const m = matcher.regex.exec(value.trim());
    return m === null ? undefined : assemble(matcher.slots, m.slice(1));
  }
}
