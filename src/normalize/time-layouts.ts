import { commonLayout } from './time-common.ts';

/**
 * Lexical timestamp parsing: text → calendar parts, without deciding the zone or a missing year.
 * The caller (time.ts) resolves both.
 */

export interface TimeParts {
  year?: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC when the text carries a zone; undefined when it does not. */
  offsetMinutes?: number;
}

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((name, i) => [name, i + 1]),
);

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const SLASH_YMD = /^(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;
const RFC3164 = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;
/** `10/Oct/2000:13:55:36 -0700`; Python's http.server and Werkzeug: `10/Oct/2000 13:55:36`. */
const APACHE = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4})[: ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+([+-]\d{4}))?$/;
/** `19-Oct-2022 05:34:02.425`: BIND's and Tomcat's (catalina.out) log time. */
const DASHED_DMY = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})[ :](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/;
const CTIME = /^(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s+(\d{4})$/;
const CEF_STYLE = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ ,]+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp][Mm]))?$/;
/** Kibana's and OpenSearch Dashboards' `dateFormat` (`Nov 24, 2026 @ 08:16:02.123`) and Kibana 6's (`November 24th 2026, 08:16:02.123`). */
const KIBANA = /^([A-Za-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s+@|,)\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;
const EPOCH = /^\d{9,16}(?:\.\d+)?$/;

function fraction(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  return Math.floor(Number(`0.${text}`) * 1000);
}

function zoneOffset(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^(z|utc|gmt)$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (m === null) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

function month(name: string | undefined): number | undefined {
  return name === undefined ? undefined : MONTHS.get(name.toLowerCase());
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month's abbreviation or its full English name. */
function monthName(name: string | undefined): number | undefined {
  if (name === undefined || name.length === 3) return month(name);
  const index = FULL_MONTHS.indexOf(name.toLowerCase());
  return index < 0 ? undefined : index + 1;
}

type Parser = (text: string) => TimeParts | undefined;

const parsers: Parser[] = [
  (text) => {
    const m = ISO.exec(text);
    if (m === null) return undefined;
    return {
      year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]),
      second: Number(m[6] ?? '0'), millis: fraction(m[7]), offsetMinutes: zoneOffset(m[8]),
    };
  },
  (text) => {
    const m = RFC3164.exec(text);
    const mon = month(m?.[1]);
    if (m === null || mon === undefined) return undefined;
    return {
      year: m[3] === undefined ? undefined : Number(m[3]), month: mon, day: Number(m[2]), hour: Number(m[4]),
      minute: Number(m[5]), second: Number(m[6]), millis: fraction(m[7]), offsetMinutes: zoneOffset(m[8]),
    };
  },
  (text) => {
    const m = APACHE.exec(text);
    const mon = month(m?.[2]);
    if (m === null || mon === undefined) return undefined;
    return {
      year: Number(m[3]), month: mon, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]),
      second: Number(m[6]), millis: fraction(m[7]), offsetMinutes: zoneOffset(m[8]),
    };
  },
  (text) => {
    const m = DASHED_DMY.exec(text);
    const mon = month(m?.[2]);
    if (m === null || mon === undefined) return undefined;
    return { year: Number(m[3]), month: mon, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millis: fraction(m[7]) };
  },
  (text) => {
    const m = CTIME.exec(text);
    const mon = month(m?.[1]);
    if (m === null || mon === undefined) return undefined;
    return {
      year: Number(m[7]), month: mon, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]),
      second: Number(m[5]), millis: fraction(m[6]),
    };
  },
  (text) => {
    const m = CEF_STYLE.exec(text);
    const mon = month(m?.[1]);
    if (m === null || mon === undefined) return undefined;
    return {
      year: Number(m[3]), month: mon, day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]),
      second: Number(m[6]), millis: fraction(m[7]), offsetMinutes: zoneOffset(m[8]),
    };
  },
  (text) => {
    const m = SLASH_YMD.exec(text);
    if (m === null) return undefined;
    return {
      year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]),
      second: Number(m[6]), millis: fraction(m[7]),
    };
  },
  (text) => {
    const m = US_DATE.exec(text);
    if (m === null) return undefined;
    let hour = Number(m[4]);
    const meridiem = m[7]?.toLowerCase();
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    return {
      year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour, minute: Number(m[5]),
      second: Number(m[6]), millis: 0,
    };
  },
  (text) => {
    const m = KIBANA.exec(text);
    const mon = monthName(m?.[1]);
    if (m === null || mon === undefined) return undefined;
    return {
      year: Number(m[3]), month: mon, day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]),
      second: Number(m[6]), millis: fraction(m[7]),
    };
  },
];

/** Epoch seconds, milliseconds or microseconds (by magnitude) → milliseconds. */
export function epochMillis(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return undefined;
}

export function parseEpochText(text: string): number | undefined {
  return EPOCH.test(text) ? epochMillis(Number(text)) : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of a month (1-12) of a year, the years 0-99 read as 1900-1999 as Date.UTC reads them. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 31;
  const y = year >= 0 && year <= 99 ? year + 1900 : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Field ranges; with a year, the day must exist in that month (no Feb 30 rolling into March). */
function valid(parts: TimeParts): boolean {
  return (
    parts.month >= 1 && parts.month <= 12 && parts.day >= 1 && parts.day <= 31 && parts.hour <= 24 &&
    parts.minute <= 59 && parts.second <= 60 &&
    (parts.year === undefined || parts.day <= daysInMonth(parts.year, parts.month))
  );
}

export function parseTimeText(text: string): TimeParts | undefined {
  const trimmed = text.trim();
  if (trimmed.length < 8 || trimmed.length > 64) return undefined;
  const common = commonLayout(trimmed);
  if (common !== undefined) return valid(common) ? common : undefined;
  for (const parse of parsers) {
    const parts = parse(trimmed);
    if (parts !== undefined) return valid(parts) ? parts : undefined;
  }
  return undefined;
}
