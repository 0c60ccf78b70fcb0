// Dates on the server's pages as the Connections UI shows them: relative ("2 hours ago",
// "yesterday", "on Mar 3"), with the full date, time and time zone in the `<time>`'s title. The
// page is rendered in the server's time zone, then DATES_SCRIPT re-renders every `<time
// data-when>` in the reader's own zone (the same rules, in the browser), so both read alike.
import { escapeHtml } from "./html.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LOCALE = "en-US";

const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
const dayInYear = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric" });
const dayWithYear = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", year: "numeric" });
const fullFormat = new Intl.DateTimeFormat(LOCALE, { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });

const midnight = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", "on Mar 3", "on Mar 3, 2025". */
export function relativeDate(date: Date, now: Date): string {
  const ago = now.getTime() - date.getTime();
  // A date a little ahead of this clock is a clock difference, not the future.
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return relativeFormat.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return relativeFormat.format(-Math.floor(ago / HOUR), "hour");
  const days = Math.round((midnight(now) - midnight(date)) / DAY);
  if (days < 7) return relativeFormat.format(-Math.max(days, 1), "day");
  return `on ${(date.getFullYear() === now.getFullYear() ? dayInYear : dayWithYear).format(date)}`;
}

/** `<time>` with the relative date as its text and the full date, time and zone as its title. */
export function timeElement(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `<time datetime="${escapeHtml(date.toISOString())}" title="${escapeHtml(fullFormat.format(date))}" data-when>${escapeHtml(relativeDate(date, now))}</time>`;
}

/** The same rules in the browser, in the reader's time zone (a module script under the page's nonce). */
export const DATES_SCRIPT = `
const MINUTE = 60000, HOUR = 60 * MINUTE, DAY = 24 * HOUR, LOCALE = ${JSON.stringify(LOCALE)};
const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
const dayInYear = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric" });
const dayWithYear = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", year: "numeric" });
const fullFormat = new Intl.DateTimeFormat(LOCALE, { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
const midnight = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
const relativeDate = (date, now) => {
  const ago = now.getTime() - date.getTime();
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return relativeFormat.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return relativeFormat.format(-Math.floor(ago / HOUR), "hour");
  const days = Math.round((midnight(now) - midnight(date)) / DAY);
  if (days < 7) return relativeFormat.format(-Math.max(days, 1), "day");
  return "on " + (date.getFullYear() === now.getFullYear() ? dayInYear : dayWithYear).format(date);
};
const now = new Date();
for (const element of document.querySelectorAll("time[data-when]")) {
  const date = new Date(element.dateTime);
  if (Number.isNaN(date.getTime())) continue;
  element.textContent = relativeDate(date, now);
  element.title = fullFormat.format(date);
}
`;
