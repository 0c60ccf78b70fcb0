/**
 * The public contract, the Platform API's OpenAPI document, kept in the kit at
 * contract/Codat-Platform.json (a copy of the published document: replace that file to move to
 * a new version), and the check of a response against it:
 *
 *   assertMatchesContract("GET", "/companies/{companyId}", 200, await res.json());
 *
 * validates a response body against the response schema the contract declares for that
 * operation and status, with ajv. Throws an AssertionError listing every mismatch; throws too
 * when the contract has no such operation, or no such success status. An error status the
 * operation does not list is checked against the contract's ErrorMessage schema.
 * `CONTRACT_PATH` / `readContract()` give the document itself (e.g. to compare the paths a
 * client calls with the ones it documents). The contract is part of the repository, so these
 * checks always run: a missing file is an error, not a skip.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/** Absolute path of the contract (OpenAPI 3.1, JSON). */
export const CONTRACT_PATH = fileURLToPath(new URL("../contract/Codat-Platform.json", import.meta.url));

type Json = Record<string, unknown>;

let document: Json | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The contract as published (parsed afresh on each call: callers may change their copy). */
export function readContract(): Json {
  assert.ok(existsSync(CONTRACT_PATH), `the contract ${CONTRACT_PATH} is missing; it belongs to the repository (packages/test-kit/contract)`);
  return JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as Json;
}

/** The contract compiled for ajv, once per process. */
function load(): { document: Json; ajv: Ajv } {
  if (document && ajv) return { document, ajv };
  document = toJsonSchemaNullability(readContract()) as Json;
  // OpenAPI 3.1 document with 3.0 leftovers (`nullable`, `x-*`, `example`): lenient mode.
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addSchema(document, "contract");
  return { document, ajv };
}

/**
 * The contract still uses OpenAPI 3.0's `nullable: true`, also next to `$ref`, which JSON Schema
 * (and ajv) do not understand. Rewrite it as JSON Schema: `type: [T, "null"]`, or
 * `anyOf: [{ $ref }, { type: "null" }]` beside a reference.
 */
function toJsonSchemaNullability(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchemaNullability);
  if (node === null || typeof node !== "object") return node;
  const { nullable, ...rest } = node as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchemaNullability(v)]));
  if (nullable !== true) return out;
  if (typeof out.$ref === "string") {
    const { $ref, ...siblings } = out;
    return { ...siblings, anyOf: [{ $ref }, { type: "null" }] };
  }
  if (typeof out.type === "string") out.type = [out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

const pointerEscape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

function resolve(pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\//, "").split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

/** JSON pointer of the response schema for (method, path, status), following response $refs. */
function schemaPointer(method: string, pathTemplate: string, status: number): string {
  const operation = `#/paths/${pointerEscape(pathTemplate)}/${method.toLowerCase()}`;
  assert.ok(resolve(operation), `the contract has no operation ${method} ${pathTemplate}`);
  let pointer = `${operation}/responses/${status}`;
  let response = resolve(pointer) as Json | undefined;
  // Every error the contract documents is an ErrorMessage; an error status it does not list for
  // this operation (e.g. a 400 for a malformed body) must still be one.
  if (!response && status >= 400) return "#/components/schemas/ErrorMessage";
  assert.ok(response, `the contract declares no ${status} response for ${method} ${pathTemplate}`);
  while (typeof response.$ref === "string") {
    pointer = response.$ref;
    response = resolve(pointer) as Json;
  }
  const content = response.content as Json | undefined;
  if (!content?.["application/json"]) return "";
  return `${pointer}/content/${pointerEscape("application/json")}/schema`;
}

export function assertMatchesContract(method: string, pathTemplate: string, status: number, body: unknown): void {
  const { ajv } = load();
  // A 204 has no body by definition (HTTP), whatever content the contract sketches for it.
  if (status === 204 && (body === undefined || body === "")) return;
  const key = `${method} ${pathTemplate} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = schemaPointer(method, pathTemplate, status);
    if (pointer === "") {
      assert.ok(body === undefined || body === null || body === "", `${key}: the contract declares no body, got one`);
      return;
    }
    validate = ajv.compile({ $ref: `contract${pointer}` });
    validators.set(key, validate);
  }
  if (!validate(body)) {
    assert.fail(`${key} does not match the contract:\n${ajv.errorsText(validate.errors, { separator: "\n" })}\nbody: ${String(JSON.stringify(body)).slice(0, 2000)}`);
  }
}
