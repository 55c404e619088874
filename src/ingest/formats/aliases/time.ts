/**
 * Finds timestamps in free text and in generic field values. Layouts the normaliser reads (ISO-8601,
 * RFC 3164, Apache, ctime, CEF) are returned exactly as found; the others are rewritten as ISO text.
 */

export interface FoundTime {
  /** The timestamp text to hand to normalisation. */
  text: string;
  /** Where the match starts and ends in the scanned string. */
  index: number;
  end: number;
}

const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ISO = /(?<!\d)(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?(?: ?(Z|UTC|GMT|[+-]\d{2}:?\d{2})(?![A-Za-z\d]|:\d)|(?!\d|:\d))/i;
/** `yyyy/mm/dd HH:MM:SS`, also Gin's `yyyy/mm/dd - HH:MM:SS`. */
const SLASHED = /(?<!\d)(\d{4})\/(\d{2})\/(\d{2})(?:[ T]| - )(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?!\d|:\d)/;
/** Apache's `dd/Mon/yyyy:HH:MM:SS ±zzzz` (kept as written), or without a zone and with `:` or a space (Python's http.server, Werkzeug, Webmin). */
const DAY_MON_YEAR = new RegExp(`(?<!\\d)(\\d{1,2})\\/${MON}\\/(\\d{4})(?::\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}(?!\\d)|[: ](\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9}))?(?![\\d:]| [+-]\\d{4}))`);
const CTIME = new RegExp(`\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MON} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})? \\d{4}(?!\\d)`);
/** `Mmm d HH:MM:SS` (RFC 3164) or `Mmm d yyyy HH:MM:SS` (CEF), optional fraction. */
const SYSLOG = new RegExp(`\\b${MON} {1,2}\\d{1,2} (?:\\d{4} )?\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?![\\d:])`);
/**
 * US order, as the normaliser reads it: `m/d/yyyy h:mm:ss [AM|PM]` (Windows exports; kept as written), or
 * `mm/dd/yy HH:MM:SS[.ffffff]` (ZoneMinder, PHP applications).
 */
const US_DATE = /(?<!\d)\d{1,2}\/\d{1,2}\/\d{4}[ ,]+\d{1,2}:\d{2}:\d{2}(?: ?[AaPp][Mm]\b)?(?![\d:])|(?<![\d/])(\d{2})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?![\d:/])/;
const RFC2822 = new RegExp(`\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\\d{1,2}) ${MON} (\\d{4}) (\\d{2}:\\d{2}:\\d{2}) (GMT|UTC|[+-]\\d{4})\\b`);
/** Kibana's and OpenSearch Dashboards' `dateFormat` (`Nov 24, 2026 @ 08:16:02.123`, Kibana 6: `November 24th 2026, 08:16:02.123`): a field's whole value only. */
const KIBANA = new RegExp(`^(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?) {1,2}\\d{1,2}(?:st|nd|rd|th)?,? \\d{4}(?: @|,) \\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?$`);
const EPOCH = /^\d{9,16}(?:\.\d{1,9})?$/;
const EPOCH_NANOS = /^\d{17,19}$/;

type Finder = (text: string) => FoundTime | undefined;

function found(match: RegExpExecArray, text: string): FoundTime {
  return { text, index: match.index, end: match.index + match[0].length };
}

// Each finder first looks for a character its layout cannot do without: a search for one character is far
// cheaper than a regular expression's scan of a line that holds no timestamp of that layout.
const findIso: Finder = (line) => {
  if (!line.includes('-')) return undefined;
  const m = ISO.exec(line);
  if (m === null) return undefined;
  const [whole, date = '', clock = '', fraction, zone] = m;
  let iso = `${date}T${clock}${fraction === undefined ? '' : `.${fraction}`}`;
  if (zone !== undefined) iso += /^(?:Z|UTC|GMT)$/i.test(zone) ? 'Z' : zone;
  // Keep the record's own text when it already is plain ISO-8601.
  return found(m, whole === iso || whole === iso.replace('T', ' ') ? whole : iso);
};

const findSlashed: Finder = (line) => {
  if (!line.includes('/')) return undefined;
  const m = SLASHED.exec(line);
  if (m === null) return undefined;
  const [, year, month, day, clock, fraction] = m;
  return found(m, `${year}-${month}-${day}T${clock}${fraction === undefined ? '' : `.${fraction}`}`);
};

const findDayMonYear: Finder = (line) => {
  if (!line.includes('/')) return undefined;
  const m = DAY_MON_YEAR.exec(line);
  if (m === null) return undefined;
  const [whole, day = '', mon = '', year, clock, fraction] = m;
  if (clock === undefined) return found(m, whole);
  const month = String(MONTHS.indexOf(mon) + 1).padStart(2, '0');
  return found(m, `${year}-${month}-${day.padStart(2, '0')}T${clock}${fraction === undefined ? '' : `.${fraction}`}`);
};

const findUsDate: Finder = (line) => {
  if (!line.includes('/')) return undefined;
  const m = US_DATE.exec(line);
  if (m === null) return undefined;
  const [whole, month, day = '', year = '', clock, fraction] = m;
  if (month === undefined) return found(m, whole);
  if (Number(month) > 12 || Number(day) > 31) return undefined;
  // Two-digit years as POSIX strptime reads them: 69-99 → 19xx, 00-68 → 20xx.
  const century = Number(year) >= 69 ? '19' : '20';
  return found(m, `${century}${year}-${month}-${day}T${clock}${fraction === undefined ? '' : `.${fraction}`}`);
};

const findRfc2822: Finder = (line) => {
  const m = RFC2822.exec(line);
  if (m === null) return undefined;
  const [, day = '', mon = '', year, clock, zone = ''] = m;
  const month = String(MONTHS.indexOf(mon) + 1).padStart(2, '0');
  const offset = zone.startsWith('+') || zone.startsWith('-') ? `${zone.slice(0, 3)}:${zone.slice(3)}` : 'Z';
  return found(m, `${year}-${month}-${day.padStart(2, '0')}T${clock}${offset}`);
};

const asFound =
  (pattern: RegExp): Finder =>
  (line) => {
    const m = pattern.exec(line);
    return m === null ? undefined : found(m, m[0]);
  };

const FINDERS: readonly Finder[] = [findIso, findSlashed, findDayMonYear, asFound(CTIME), findRfc2822, asFound(SYSLOG), findUsDate];

/** The earliest timestamp in a line (the longest one when two start at the same place). */
export function findTimestamp(line: string): FoundTime | undefined {
  if (!line.includes(':')) return undefined;
  let best: FoundTime | undefined;
  for (const finder of FINDERS) {
    const hit = finder(line);
    if (hit === undefined) continue;
    if (best === undefined || hit.index < best.index || (hit.index === best.index && hit.end > best.end)) best = hit;
    // No other layout can start earlier or end later than the whole text (a field that is only a time).
    if (best.index === 0 && best.end === line.length) return best;
  }
  return best;
}

/** A field value that is wholly a timestamp: epoch numbers pass, text in a known layout (converted if needed). */
export function timeValue(value: unknown): string | number | undefined {
  if (typeof value === 'number') {
    // Below 1e8 (1973 in seconds) a number in a time field is a duration or a counter, not an epoch.
    if (!Number.isFinite(value) || value < 1e8) return undefined;
    return value < 1e17 ? value : Math.floor(value / 1000); // nanoseconds → microseconds
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 64) return undefined;
  if (EPOCH.test(text)) return text;
  if (EPOCH_NANOS.test(text)) return text.slice(0, -3);
  if (KIBANA.test(text)) return text;
  const hit = findTimestamp(text);
  if (hit === undefined || hit.index !== 0) return undefined;
  // Leftover text means another layout (`2024-01-15 10:30:00 PM`): better no time than a wrong one.
  const rest = text.slice(hit.end).trim();
  return rest === '' ? hit.text : undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_ONLY = /^\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;

/** Joins separate `date` and `time` columns (`2024-01-15` + `10:30:00`) into one ISO text. */
export function joinDateAndTime(date: unknown, clock: unknown): string | undefined {
  if (typeof date !== 'string' || typeof clock !== 'string') return undefined;
  const d = date.trim();
  const c = clock.trim();
  return DATE_ONLY.test(d) && CLOCK_ONLY.test(c) ? `${d}T${c}` : undefined;
}
