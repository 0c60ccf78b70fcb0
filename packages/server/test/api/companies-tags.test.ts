// `GET /companies?tags=…` over raw HTTP on both databases: the operators (=, !=, ~), AND / OR
// and their grouping, paging over the filtered set, tags kept in step with every write, tenant
// isolation, the 400 for each kind of malformed query; the official 6.x client's own first
// example; and a database upgraded from before the tags table, whose companies are found too.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CodatPlatform as OfficialV6 } from "@codat/platform-v6";
import { Migrator } from "kysely";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { createPostgresDatabase } from "@codat/test-kit/postgres";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseTagsQuery } from "../../src/companies/tags-query.js";
import { openDatabase } from "../../src/storage/dialect.js";
import { migrateToLatest } from "../../src/storage/migrate.js";
import { migrationProvider } from "../../src/storage/migrations/index.js";
import { listCompanies } from "../../src/storage/repositories/companies.js";

const COMPANIES: Record<string, Record<string, string>> = {
  Anvil: { region: "uk", team: "invoice-finance" },
  Bellows: { region: "uk", team: "lending" },
  Crucible: { region: "us", team: "invoice-finance" },
  Dross: {},
  Ember: { region: "UK-North", team: "Invoice Finance", note: "50%_off" },
};

forEachDialect("companies tags filter", (dialect) => {
  let server: TestServer;
  let api: Api;
  const ids: Record<string, string> = {};

  before(async () => {
    server = await startTestServer({ dialect });
    api = apiClient(server);
    for (const [name, tags] of Object.entries(COMPANIES)) {
      const res = await api("POST", "/companies", { body: { name, tags } });
      assert.equal(res.status, 200, res.text);
      ids[name] = res.body.id;
    }
  });
  after(() => server.close());

  /** The names listed for `tags` (ordered by name), checking `totalResults` counts exactly them. */
  async function namesFor(tags: string, extra: Record<string, string | number> = {}): Promise<string[]> {
    const res = await api("GET", "/companies", { query: { tags, orderBy: "name", ...extra } });
    assert.equal(res.status, 200, `${tags}: ${res.text}`);
    const names = res.body.results.map((c: { name: string }) => c.name);
    if (extra.page === undefined) assert.equal(res.body.totalResults, names.length, tags);
    return names;
  }

  it("filters with =, != and ~ on tag values", async () => {
    assert.deepEqual(await namesFor("region=uk"), ["Anvil", "Bellows"]);
    assert.deepEqual(await namesFor("region = us"), ["Crucible"], "spaces around the operator are ignored");
    assert.deepEqual(await namesFor("region!=uk"), ["Crucible", "Dross", "Ember"], "a company without the tag is not equal to uk");
    assert.deepEqual(await namesFor("team~FINANCE"), ["Anvil", "Crucible", "Ember"], "~ is a case-insensitive contains");
    assert.deepEqual(await namesFor("region~uk"), ["Anvil", "Bellows", "Ember"]);
    assert.deepEqual(await namesFor("note~%_"), ["Ember"], "% and _ are literal characters, not wildcards");
    assert.deepEqual(await namesFor("note~%x"), []);
    assert.deepEqual(await namesFor("region=UK"), [], "= is exact");
    assert.deepEqual(await namesFor("colour=red"), []);
  });

  it("combines with && and ||, && binding tighter, braces grouping", async () => {
    assert.deepEqual(await namesFor("region=uk && team=invoice-finance"), ["Anvil"]);
    assert.deepEqual(await namesFor("region=us || team=lending"), ["Bellows", "Crucible"]);
    assert.deepEqual(await namesFor("region=us || region=uk && team=lending"), ["Bellows", "Crucible"]);
    assert.deepEqual(await namesFor("{region=us || region=uk} && team=invoice-finance"), ["Anvil", "Crucible"]);
    assert.deepEqual(await namesFor("{{region=us} || {region=uk && team!=lending}}"), ["Anvil", "Crucible"]);
    assert.deepEqual(await namesFor("team=lending || team!=lending"), Object.keys(COMPANIES), "!= is the negation of =");
  });

  it("pages the filtered set, with links that keep the filter", async () => {
    const tags = "team~finance";
    const second = await api("GET", "/companies", { query: { tags, orderBy: "name", page: 2, pageSize: 1 } });
    assert.equal(second.status, 200);
    assert.equal(second.body.totalResults, 3, "totalResults counts the filtered companies");
    assert.deepEqual(second.body.results.map((c: { name: string }) => c.name), ["Crucible"]);
    const next = new URL(second.body._links.next.href, server.url);
    assert.equal(next.searchParams.get("tags"), tags);
    assert.equal(next.searchParams.get("page"), "3");
    const third = await api("GET", "/companies", { query: Object.fromEntries(next.searchParams) });
    assert.deepEqual(third.body.results.map((c: { name: string }) => c.name), ["Ember"]);
    assert.equal(third.body._links.next, undefined);
    assert.deepEqual(await namesFor(tags, { query: "name~e" }), ["Crucible", "Ember"], "tags and query both apply");
  });

  it("follows every change of a company's tags", async () => {
    const created = await api("POST", "/companies", { body: { name: "Forge", tags: { region: "uk" } } });
    const companyId = created.body.id as string;
    assert.ok((await namesFor("region=uk")).includes("Forge"));
    await api("PATCH", "/companies/{companyId}", { params: { companyId }, body: { tags: { region: "de" } } });
    assert.ok(!(await namesFor("region=uk")).includes("Forge"), "PATCH replaced the tags");
    assert.ok((await namesFor("region=de")).includes("Forge"));
    await api("PATCH", "/companies/{companyId}", { params: { companyId }, body: { name: "Forge" } });
    assert.ok((await namesFor("region=de")).includes("Forge"), "a PATCH without tags keeps them");
    await api("PUT", "/companies/{companyId}", { params: { companyId }, body: { name: "Forge" } });
    assert.ok(!(await namesFor("region=de")).includes("Forge"), "PUT without tags cleared them");
    await api("PUT", "/companies/{companyId}", { params: { companyId }, body: { name: "Forge", tags: { region: "fr" } } });
    assert.ok((await namesFor("region=fr")).includes("Forge"));
    assert.equal((await api("DELETE", "/companies/{companyId}", { params: { companyId } })).status, 204);
    assert.deepEqual(await namesFor("region=fr"), []);
    const left = await server.db.selectFrom("company_tags").select("name").where("company_id", "=", companyId).execute();
    assert.deepEqual(left, [], "no tag row outlives its company");
  });

  it("lists only the caller's companies, whatever the tags", async () => {
    const other = await server.createClient("Other tenant");
    const otherApi = apiClient({ url: server.url, authHeader: other.authHeader });
    await otherApi("POST", "/companies", { body: { name: "Theirs", tags: { region: "uk" } } });
    const mine = await namesFor("region=uk || region!=uk");
    assert.ok(!mine.includes("Theirs"));
    const theirs = await otherApi("GET", "/companies", { query: { tags: "region=uk || region!=uk" } });
    assert.deepEqual(theirs.body.results.map((c: { name: string }) => c.name), ["Theirs"]);
  });

  it("answers 400 with an ErrorMessage naming tags for a malformed query, and changes nothing", async () => {
    const before = await server.db.selectFrom("company_tags").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const cases: Array<[string, RegExp]> = [
      ["region", /expected a comparison/],
      ["=uk", /tag name must come before/],
      ["region>=1", /only =, != and ~/],
      ["region>1", /only =, != and ~/],
      ["{region=uk", /never closed/],
      ["region=uk}", /unexpected "}"/],
      ["region=uk &&", /query ends/],
      ["&& region=uk", /expected a comparison or "\{"/],
      ["region=uk || || team=x", /expected a comparison or "\{"/],
      ["{}", /expected a comparison or "\{"/],
      ["   ", /empty/],
      [`${"{".repeat(9)}a=b${"}".repeat(9)}`, /nest at most 8/],
      [Array.from({ length: 51 }, (_, i) => `t${i}=v`).join("&&"), /at most 50 comparisons/],
    ];
    for (const [tags, message] of cases) {
      const res = await api("GET", "/companies", { query: { tags } });
      assert.equal(res.status, 400, tags);
      assert.equal(res.body.statusCode, 400);
      assert.match(res.body.error, /^Error parsing tags - /, tags);
      assert.match(res.body.error, message, tags);
      assert.deepEqual(res.body.validation.errors.map((e: { itemId: string }) => e.itemId), ["tags"], tags);
    }
    const tooLong = await api("GET", "/companies", { query: { tags: `a=${"x".repeat(2000)}` } });
    assert.equal(tooLong.status, 400);
    const after = await server.db.selectFrom("company_tags").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it("serves the official 6.x client's first example: companies.list with query, orderBy and tags", async () => {
    const official = new OfficialV6({ authHeader: server.authHeader, serverURL: server.url });
    const result = await official.companies.list({
      query: `id=${ids.Anvil}`,
      orderBy: "-modifiedDate",
      tags: "region=uk && team=invoice-finance",
    });
    assert.deepEqual(result.results?.map((c) => c.name), ["Anvil"]);
    const none = await official.companies.list({ query: `id=${ids.Bellows}`, tags: "region=uk && team=invoice-finance" });
    assert.equal(none.totalResults, 0);
  });
});

forEachDialect("companies tags after an upgrade", (dialect) => {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;

  before(async () => {
    if (dialect === "postgres") {
      const database = await createPostgresDatabase();
      databaseUrl = database.url;
      cleanup = database.drop;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "platform-tags-"));
      databaseUrl = `sqlite:${path.join(dir, "upgrade.sqlite")}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  after(() => cleanup());

  it("copies the tags of companies made before the tags table", async () => {
    const { db } = openDatabase(databaseUrl);
    try {
      const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo("0500_refresh");
      assert.equal(migrated.error, undefined);
      const now = new Date().toISOString();
      await db.insertInto("clients").values({ id: "c1", name: "Old client", is_default: 0, created_date: now }).execute();
      // More companies than one batch of the copy, with and without tags.
      const rows = Array.from({ length: 450 }, (_, i) => ({
        id: `company-${String(i).padStart(4, "0")}`,
        client_id: "c1",
        name: `Company ${i}`,
        description: "",
        tags: JSON.stringify(i % 3 === 0 ? {} : { region: i % 2 === 0 ? "uk" : "us", shard: `Shard-${i % 5}` }),
        created_date: now,
        modified_date: now,
        last_sync: null,
      }));
      for (let i = 0; i < rows.length; i += 100) await db.insertInto("companies").values(rows.slice(i, i + 100)).execute();
      await migrateToLatest(db);

      const expected = (test: (tags: Record<string, string>) => boolean) => rows.filter((r) => test(JSON.parse(r.tags))).length;
      const count = async (tags: string) =>
        (await listCompanies(db, "c1", { page: 1, pageSize: 1, orderBy: undefined, query: undefined }, parseTagsQuery(tags))).totalResults;
      assert.equal(await count("region=uk"), expected((t) => t.region === "uk"));
      assert.equal(await count("region!=uk"), expected((t) => t.region !== "uk"));
      assert.equal(await count("shard~shard-4"), expected((t) => t.shard === "Shard-4"));
      assert.ok((await count("region=uk")) > 100);
    } finally {
      await db.destroy();
    }
  });
});

describe("tags query parser", () => {
  it("builds AND / OR trees as written, && binding tighter than ||", () => {
    assert.deepEqual(parseTagsQuery("a=1"), { comparison: { name: "a", operator: "=", value: "1" } });
    assert.deepEqual(parseTagsQuery("a=1 || b!=2 && c~3"), {
      any: [
        { comparison: { name: "a", operator: "=", value: "1" } },
        { all: [{ comparison: { name: "b", operator: "!=", value: "2" } }, { comparison: { name: "c", operator: "~", value: "3" } }] },
      ],
    });
    assert.deepEqual(parseTagsQuery("{a=1 || b=2} && c="), {
      all: [
        { any: [{ comparison: { name: "a", operator: "=", value: "1" } }, { comparison: { name: "b", operator: "=", value: "2" } }] },
        { comparison: { name: "c", operator: "=", value: "" } },
      ],
    });
    assert.deepEqual(parseTagsQuery("note = a=b c"), { comparison: { name: "note", operator: "=", value: "a=b c" } }, "the value runs to the next && / || / brace");
  });
});
