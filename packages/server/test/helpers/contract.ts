/**
 * Contract conformance: `assertMatchesContract(method, pathTemplate, status, body)` validates a
 * response body against the response schema the public contract
 * (`../shared/openapi/Codat-Platform.json`, relative to the repository root) declares for that
 * operation and status, with ajv. Example:
 *
 *   assertMatchesContract("GET", "/companies/{companyId}", 200, await res.json());
 *
 * Throws an AssertionError listing every mismatch; throws too when the contract has no such
 * operation, or no such success status. An error status the operation does not list is checked
 * against the contract's ErrorMessage schema. When the contract file is absent it does nothing but warn once (see
 * `contractAvailable`); tests that only check the contract should `t.skip` on
 * `!contractAvailable()`.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
export const CONTRACT_PATH = path.resolve(repoRoot, "..", "shared", "openapi", "Codat-Platform.json");

type Json = Record<string, unknown>;

let document: Json | undefined | null;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
let warned = false;

function load(): Json | null {
  if (document !== undefined) return document;
  if (!existsSync(CONTRACT_PATH)) {
    document = null;
    return null;
  }
  document = toJsonSchemaNullability(JSON.parse(readFileSync(CONTRACT_PATH, "utf8"))) as Json;
  // OpenAPI 3.1 document with 3.0 leftovers (`nullable`, `x-*`, `example`): lenient mode.
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addSchema(document, "contract");
  return document;
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

/** True when the contract file is present next to the repository. */
export function contractAvailable(): boolean {
  const available = load() !== null;
  if (!available && !warned) {
    warned = true;
    console.warn(`contract checks skipped: ${CONTRACT_PATH} not found; place the shared folder next to the repository to enable them`);
  }
  return available;
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
  if (!contractAvailable() || !ajv) return;
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
