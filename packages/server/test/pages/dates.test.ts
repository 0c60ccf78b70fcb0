// The pages' dates: the server renders them, then the page's script (DATES_SCRIPT, the same
// functions' source) renders them again in the reader's time zone. The script is run here as a
// page would run it, in a context of its own with nothing but the language's built-ins and the
// page's `<time>` elements, and must say what the server said.
import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import { DATES_SCRIPT, timeElement } from "../../src/http/routes/browser/dates.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

test("the page's script runs on its own and words each date as the server does", () => {
  const now = new Date();
  const ages = [10_000, 5 * MINUTE, 3 * 60 * MINUTE, DAY + MINUTE, 4 * DAY, 40 * DAY, 400 * DAY];
  const rendered = ages.map((age) => timeElement(new Date(now.getTime() - age).toISOString(), now));
  const elements = rendered.map((html) => ({ dateTime: /datetime="([^"]+)"/.exec(html)![1], textContent: "", title: "" }));
  const document = { querySelectorAll: (selector: string) => (selector === "time[data-when]" ? elements : []) };
  vm.runInNewContext(DATES_SCRIPT, { document });
  for (const [i, html] of rendered.entries()) {
    const element = elements[i]!;
    assert.equal(`>${element.textContent}</time>`, />[^<]*<\/time>$/.exec(html)![0], `${ages[i]} ms ago`);
    assert.equal(`title="${element.title}"`, /title="[^"]*"/.exec(html)![0]);
  }
  const said = elements.map((e) => e.textContent);
  assert.deepEqual(said.slice(0, 3).map((t) => t.replace(/\d+/, "n")), ["just now", "n minutes ago", "n hours ago"]);
  assert.match(said[4]!, /^\d days ago$/);
  assert.match(said[5]!, /^on [A-Z][a-z]{2} \d{1,2}(, \d{4})?$/);
  assert.match(elements[3]!.textContent, /^(yesterday|2 days ago)$/);
  assert.match(elements[6]!.textContent, /^on [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
});
