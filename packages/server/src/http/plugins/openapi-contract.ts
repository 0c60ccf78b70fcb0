// The public contract's own words for `/openapi.json`: each operation's summary, description,
// tags, parameter and response descriptions, examples, and the names of the schemas it uses.
//
// Read from the server's copy of the contract, packages/server/contract/Codat-Platform.json.
// Why a copy here rather than the test kit's: the document is built at run time, and the test
// kit is a devDependency that a production install leaves out, so the file has to ship with the
// server. It is the same file, byte for byte, as packages/test-kit/contract/Codat-Platform.json
// (test/api/openapi.test.ts checks it): to move to a new version of the contract, replace both.
import { readFileSync } from "node:fs";

/** src/http/plugins and dist/http/plugins sit at the same depth under packages/server. */
export const SERVER_CONTRACT_FILE = new URL("../../../contract/Codat-Platform.json", import.meta.url);

type Json = Record<string, unknown>;

export interface Example {
  summary?: string;
  value: unknown;
}

export interface ParameterText {
  description?: string;
  example?: unknown;
}

export interface BodyText {
  description?: string;
  examples: Record<string, Example>;
  /** The contract's name for the body's schema (`Company`, `WebhookConsumers`, ...), when it names one. */
  schemaName?: string;
  /** Whether the contract gives this answer a body at all. */
  hasContent: boolean;
}

export interface OperationText {
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  /** By `${in}:${name}`. */
  parameters: Map<string, ParameterText>;
  requestBody?: BodyText;
  /** By status code. */
  responses: Map<string, BodyText>;
}

/** What the contract says of a schema and, through `allOf` and `$ref`s, of its properties and items. */
export interface SchemaText {
  description?: string;
  properties: Map<string, SchemaText>;
  items?: SchemaText;
}

export interface TagText {
  name: string;
  description?: string;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The contract's texts start with a byte-order mark here and there; none belongs in ours. */
const clean = (text: unknown): string | undefined => {
  if (typeof text !== "string") return undefined;
  const trimmed = text.replaceAll("\ufeff", "").trim();
  return trimmed === "" ? undefined : trimmed;
};

/** `#/components/schemas/Company` → Company; `…/WebhookConsumer/definitions/webhookConsumers` → WebhookConsumers. */
function schemaNameOf(ref: unknown): string | undefined {
  if (typeof ref !== "string") return undefined;
  const match = /^#\/components\/schemas\/([^/]+)(?:\/definitions\/([^/]+))?$/.exec(ref);
  if (!match) return undefined;
  const name = match[2] ?? match[1] ?? "";
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export class ContractText {
  private readonly byId = new Map<string, OperationText>();
  private readonly byRoute = new Map<string, OperationText>();
  private readonly sharedParameters = new Map<string, ParameterText>();
  readonly tags: TagText[];

  constructor(private readonly document: Json) {
    const paths = isObject(document.paths) ? document.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        const text = this.operationText(operation, item);
        if (typeof operation.operationId === "string") this.byId.set(operation.operationId, text);
        this.byRoute.set(`${method.toUpperCase()} ${path}`, text);
      }
    }
    const components = isObject(document.components) ? document.components : {};
    for (const parameter of Object.values(isObject(components.parameters) ? components.parameters : {})) {
      const resolved = this.resolve(parameter);
      if (typeof resolved.name === "string") this.sharedParameters.set(`${String(resolved.in)}:${resolved.name}`, this.parameterText(resolved));
    }
    this.tags = (Array.isArray(document.tags) ? document.tags : [])
      .filter(isObject)
      .map((tag) => ({ name: String(tag.name), ...(clean(tag.description) ? { description: clean(tag.description) } : {}) }));
  }

  /** The contract's operation with this id, else the one at this method and path template. */
  operation(operationId: string | undefined, method: string, path: string): OperationText | undefined {
    return (operationId ? this.byId.get(operationId) : undefined) ?? this.byRoute.get(`${method.toUpperCase()} ${path}`);
  }

  /** A parameter the contract declares once for all operations (`companyId`, `platformKey`, `page`, ...). */
  sharedParameter(location: string, name: string): ParameterText | undefined {
    return this.sharedParameters.get(`${location}:${name}`);
  }

  /** The contract's schema of this name (`Company`), or of a definition inside one (`WebhookConsumers`). */
  schemaText(name: string): SchemaText | undefined {
    const components = isObject(this.document.components) ? this.document.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    if (isObject(schemas[name])) return this.textOf(schemas[name], 0);
    const definition = name.charAt(0).toLowerCase() + name.slice(1);
    for (const schema of Object.values(schemas)) {
      const definitions = isObject(schema) && isObject(schema.definitions) ? schema.definitions : {};
      if (isObject(definitions[definition])) return this.textOf(definitions[definition], 0);
    }
    return undefined;
  }

  private textOf(node: unknown, depth: number): SchemaText {
    // A description next to a `$ref` is the one meant for this place; else the target's.
    const own = isObject(node) ? clean(node.description) : undefined;
    const schema = this.resolve(node);
    const description = own ?? clean(schema.description);
    const text: SchemaText = { ...(description ? { description } : {}), properties: new Map() };
    if (depth > 6) return text;
    for (const part of [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.map((member) => this.resolve(member)) : [])]) {
      for (const [name, property] of Object.entries(isObject(part.properties) ? part.properties : {})) {
        text.properties.set(name, this.textOf(property, depth + 1));
      }
    }
    if (schema.items !== undefined) text.items = this.textOf(schema.items, depth + 1);
    return text;
  }

  /** Follows `$ref`s (JSON pointers into the contract) to the object they name. */
  resolve(node: unknown): Json {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
      if (hops > 20) throw new Error(`contract: $ref cycle at ${current.$ref}`);
      current = this.pointer(current.$ref);
    }
    return isObject(current) ? current : {};
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith("#/")) throw new Error(`contract: only local $refs are followed, got ${ref}`);
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      // A pointer may run through a `$ref` on its way (the contract's companyId does).
      if (isObject(node) && !(key in node) && typeof node.$ref === "string") node = this.resolve(node);
      node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    }
    return node;
  }

  private operationText(operation: Json, pathItem: Json): OperationText {
    const parameters = new Map<string, ParameterText>();
    const declared = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
    for (const parameter of declared) {
      const resolved = this.resolve(parameter);
      parameters.set(`${String(resolved.in)}:${String(resolved.name)}`, this.parameterText(resolved));
    }
    const responses = new Map<string, BodyText>();
    for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
      responses.set(status, this.bodyText(this.resolve(response)));
    }
    const summary = clean(operation.summary);
    const description = clean(operation.description);
    return {
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      ...(Array.isArray(operation.tags) ? { tags: operation.tags.map(String) } : {}),
      ...(operation.deprecated === true ? { deprecated: true } : {}),
      parameters,
      ...(operation.requestBody ? { requestBody: this.bodyText(this.resolve(operation.requestBody)) } : {}),
      responses,
    };
  }

  private parameterText(parameter: Json): ParameterText {
    const schema = this.resolve(parameter.schema);
    const examples = Array.isArray(schema.examples) ? schema.examples : [];
    const example = parameter.example ?? schema.example ?? examples[0];
    const description = clean(parameter.description) ?? clean(schema.description);
    return { ...(description ? { description } : {}), ...(example !== undefined ? { example } : {}) };
  }

  /** A response or request body: its description, its JSON content's examples and schema name. */
  private bodyText(body: Json): BodyText {
    const content = isObject(body.content) ? body.content : undefined;
    const json = content && isObject(content["application/json"]) ? content["application/json"] : undefined;
    const examples: Record<string, Example> = {};
    for (const [name, example] of Object.entries(json && isObject(json.examples) ? json.examples : {})) {
      const resolved = this.resolve(example);
      if (!("value" in resolved)) continue;
      const summary = clean(resolved.summary);
      examples[name] = { ...(summary ? { summary } : {}), value: resolved.value };
    }
    if (json && "example" in json && Object.keys(examples).length === 0) examples.Example = { value: json.example };
    const description = clean(body.description);
    const schemaName = json && isObject(json.schema) ? schemaNameOf(json.schema.$ref) : undefined;
    return {
      ...(description ? { description } : {}),
      examples,
      ...(schemaName ? { schemaName } : {}),
      hasContent: content !== undefined && Object.keys(content).length > 0,
    };
  }
}

let loaded: ContractText | undefined;

/** The server's copy of the contract, read once. */
export function contractText(): ContractText {
  return (loaded ??= new ContractText(JSON.parse(readFileSync(SERVER_CONTRACT_FILE, "utf8")) as Json));
}
