// Dates on the server's pages as the Connections UI shows them: relative ("2 hours ago",
// "yesterday", "on Mar 3"), with the full date, time and time zone in the `<time>`'s title. The
// page is rendered in the server's time zone, then DATES_SCRIPT re-renders every `<time
// data-when>` in the reader's own zone. The script runs the very functions below (their
// source), so both read alike: they are self-contained for that, naming nothing outside them.
import { escapeHtml } from "./html.js";

const LOCALE = "en-US";

/** The formatters the dates need; costly to make, so made once (per process, per page). */
function formatsFor(locale: string) {
  return {
    relative: new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
    dayInYear: new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }),
    dayWithYear: new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", year: "numeric" }),
    full: new Intl.DateTimeFormat(locale, { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }),
  };
}
type Formats = ReturnType<typeof formatsFor>;

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", "on Mar 3", "on Mar 3, 2025". */
function relativeDate(date: Date, now: Date, formats: Formats): string {
  // No named function inside: esbuild (keepNames, as tsx runs it) wraps those in a helper the page lacks.
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  const ago = now.getTime() - date.getTime();
  // A date a little ahead of this clock is a clock difference, not the future.
  if (ago < minute) return "just now";
  if (ago < hour) return formats.relative.format(-Math.floor(ago / minute), "minute");
  if (ago < day) return formats.relative.format(-Math.floor(ago / hour), "hour");
  const midnights = [now, date].map((d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime());
  const days = Math.round((midnights[0]! - midnights[1]!) / day);
  if (days < 7) return formats.relative.format(-Math.max(days, 1), "day");
  return `on ${(date.getFullYear() === now.getFullYear() ? formats.dayInYear : formats.dayWithYear).format(date)}`;
}

const serverFormats = formatsFor(LOCALE);

/** `<time>` with the relative date as its text and the full date, time and zone as its title. */
export function timeElement(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const title = serverFormats.full.format(date);
  return `<time datetime="${escapeHtml(date.toISOString())}" title="${escapeHtml(title)}" data-when>${escapeHtml(relativeDate(date, now, serverFormats))}</time>`;
}

/** The same functions in the browser, in the reader's time zone (a module script under the page's nonce). */
export const DATES_SCRIPT = `
const formats = (${formatsFor.toString()})(${JSON.stringify(LOCALE)});
const relativeDate = ${relativeDate.toString()};
const now = new Date();
for (const element of document.querySelectorAll("time[data-when]")) {
  const date = new Date(element.dateTime);
  if (Number.isNaN(date.getTime())) continue;
  element.textContent = relativeDate(date, now, formats);
  element.title = formats.full.format(date);
}
`;
