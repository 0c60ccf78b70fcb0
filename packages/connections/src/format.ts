// Dates as people say them ("2 hours ago", "yesterday", "on Mar 3"), in the reader's time
// zone, with the full date, time and zone for a `title`. The language is the host page's
// (`<html lang>`), else US English like the default copy, so a date never reads in another
// language than the words around it.
import type { Text } from "./text.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface FormattedDate {
  /** "2 hours ago", "yesterday", "on Mar 3". */
  when: string;
  /** "Mar 3, 2026": for copy written around a plain date. */
  date: string;
  /** "Tuesday, March 3, 2026 at 9:30 AM UTC", for the `title`. */
  full: string;
  iso: string;
}

function pageLocale(): string {
  const lang = document.documentElement.lang;
  try {
    return lang ? (Intl.getCanonicalLocales(lang)[0] ?? "en-US") : "en-US";
  } catch {
    return "en-US";
  }
}

let formats: { relative: Intl.RelativeTimeFormat; day: Intl.DateTimeFormat; dayInYear: Intl.DateTimeFormat; full: Intl.DateTimeFormat } | undefined;

/** Built on first use (the page's language is read then) and kept: they are costly to make. */
function formatters() {
  if (formats) return formats;
  const locale = pageLocale();
  return (formats = {
    relative: new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
    day: new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", year: "numeric" }),
    dayInYear: new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }),
    full: new Intl.DateTimeFormat(locale, {
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }),
  });
}

/** Whole calendar days between two instants, in the reader's time zone. */
function calendarDaysBetween(earlier: Date, later: Date): number {
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((midnight(later) - midnight(earlier)) / DAY);
}

function relative(date: Date, now: Date, text: Text): string {
  const { relative, day, dayInYear } = formatters();
  const ago = now.getTime() - date.getTime();
  // A date a little ahead of the reader's clock is a clock difference, not the future.
  if (ago < MINUTE) return text("time.justNow");
  if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), "hour");
  const days = calendarDaysBetween(date, now);
  if (days < 7) return relative.format(-Math.max(days, 1), "day");
  const sameYear = date.getFullYear() === now.getFullYear();
  return text("time.onDate", { date: (sameYear ? dayInYear : day).format(date) });
}

/** The date's phrases, or undefined for a missing or invalid date. */
export function formatDate(value: string | Date | null | undefined, text: Text, now = new Date()): FormattedDate | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const { day, full } = formatters();
  return { when: relative(date, now, text), date: day.format(date), full: full.format(date), iso: date.toISOString() };
}
