/**
 * `new Date(ms).toISOString()` without a Date per call: the date part comes from the last day formatted
 * (consecutive records share it), the clock from lookup tables. Same text as toISOString for every
 * integral time in the Date range; anything else goes to toISOString itself.
 */

const DAY = 86_400_000;
const MAX_TIME = 8.64e15;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

let cachedDay = Number.NaN;
let cachedPrefix = '';

export function isoString(millis: number): string {
  if (!Number.isInteger(millis) || Math.abs(millis) > MAX_TIME) return new Date(millis).toISOString();
  const day = Math.floor(millis / DAY);
  if (day !== cachedDay) {
    const midnight = new Date(day * DAY).toISOString();
    cachedPrefix = midnight.slice(0, midnight.length - 'HH:MM:SS.mmmZ'.length);
    cachedDay = day;
  }
  let rest = millis - day * DAY;
  const ms = rest % 1000;
  rest = (rest - ms) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedPrefix}${TWO_DIGITS[hour]!}:${TWO_DIGITS[minute]!}:${TWO_DIGITS[second]!}.${THREE_DIGITS[ms]!}Z`;
}
