/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Dates are parsed by hand rather than with
 * `Date.parse`, which reads the asctime form as local time and accepts much that is not an HTTP-date.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT_DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^${SHORT_DAYS}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
// Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^${SHORT_DAYS} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;

function utc(year: number, month: string, day: number, hours: number, minutes: number, seconds: number) {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  return Date.UTC(year, monthIndex, day, hours, minutes, seconds);
}

/** Milliseconds since the epoch for an HTTP-date in any of its three forms, or undefined. */
export function parseHttpDate(value: string): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) {
    const [, day, month, year, h, m, s] = match;
    return utc(Number(year), month ?? '', Number(day), Number(h), Number(m), Number(s));
  }
  match = RFC_850.exec(value);
  if (match) {
    const [, day, month, yy, h, m, s] = match;
    // RFC 9110: a two-digit year that looks more than 50 years ahead is in the past century.
    const twoDigit = Number(yy);
    const thisYear = new Date().getUTCFullYear();
    let year = 2000 + twoDigit;
    if (year > thisYear + 50) year -= 100;
    return utc(year, month ?? '', Number(day), Number(h), Number(m), Number(s));
  }
  match = ASCTIME.exec(value);
  if (match) {
    const [, month, day, h, m, s, year] = match;
    return utc(Number(year), month ?? '', Number(day?.trim()), Number(h), Number(m), Number(s));
  }
  return undefined;
}

/**
 * How long the server asked us to wait, in milliseconds: 0 for a date already past, undefined when the header
 * is absent or malformed (the caller then falls back to its own backoff).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (DELAY_SECONDS.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = parseHttpDate(trimmed);
  if (at === undefined || Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
