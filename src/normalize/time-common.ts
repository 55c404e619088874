import type { TimeParts } from './time-layouts.ts';

/**
 * The two stamp shapes most logs carry, read by character position instead of by regex: syslog's
 * `Mmm dd HH:MM:SS` and the access log's `dd/Mmm/yyyy:HH:MM:SS +hhmm`. Each gives the parts the general
 * layouts in time-layouts.ts give for the same text; any other text is left to them (undefined).
 */

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((name, i) => [name, i + 1]),
);

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Two digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = digit(text, at);
  const ones = digit(text, at + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

function isLetter(text: string, at: number): boolean {
  const code = text.charCodeAt(at) | 0x20;
  return code >= 97 && code <= 122;
}

function monthAt(text: string, at: number): number | undefined {
  if (!isLetter(text, at) || !isLetter(text, at + 1) || !isLetter(text, at + 2)) return undefined;
  return MONTHS.get(text.slice(at, at + 3).toLowerCase());
}

/** `HH:MM:SS` at `at`: [hour, minute, second], or undefined. */
function clockAt(text: string, at: number): [number, number, number] | undefined {
  if (text.charCodeAt(at + 2) !== 58 || text.charCodeAt(at + 5) !== 58) return undefined;
  const hour = twoDigits(text, at);
  const minute = twoDigits(text, at + 3);
  const second = twoDigits(text, at + 6);
  return hour < 0 || minute < 0 || second < 0 ? undefined : [hour, minute, second];
}

/** `Dec 10 06:55:46` or `Jan  1 00:00:01` (RFC 3164, no year). */
function syslogStamp(text: string): TimeParts | undefined {
  if (text.length !== 15 || text.charCodeAt(3) !== 32 || text.charCodeAt(6) !== 32) return undefined;
  const day = text.charCodeAt(4) === 32 ? digit(text, 5) : twoDigits(text, 4);
  const month = monthAt(text, 0);
  const clock = clockAt(text, 7);
  if (day < 0 || month === undefined || clock === undefined) return undefined;
  return { year: undefined, month, day, hour: clock[0], minute: clock[1], second: clock[2], millis: 0, offsetMinutes: undefined };
}

/** `10/Oct/2000:13:55:36 -0700` (Apache and nginx access logs). */
function accessLogStamp(text: string): TimeParts | undefined {
  if (text.length !== 26 || text.charCodeAt(2) !== 47 || text.charCodeAt(6) !== 47 || text.charCodeAt(11) !== 58 || text.charCodeAt(20) !== 32) return undefined;
  const sign = text.charCodeAt(21);
  const day = twoDigits(text, 0);
  const month = monthAt(text, 3);
  const century = twoDigits(text, 7);
  const yearInCentury = twoDigits(text, 9);
  const clock = clockAt(text, 12);
  const zoneHours = twoDigits(text, 22);
  const zoneMinutes = twoDigits(text, 24);
  if ((sign !== 43 && sign !== 45) || day < 0 || month === undefined || century < 0 || yearInCentury < 0 || clock === undefined || zoneHours < 0 || zoneMinutes < 0) return undefined;
  const minutes = zoneHours * 60 + zoneMinutes;
  return {
    year: century * 100 + yearInCentury, month, day, hour: clock[0], minute: clock[1], second: clock[2], millis: 0,
    offsetMinutes: sign === 45 ? -minutes : minutes,
  };
}

export function commonLayout(text: string): TimeParts | undefined {
  return syslogStamp(text) ?? accessLogStamp(text);
}
