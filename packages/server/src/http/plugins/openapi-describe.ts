// Puts words on the operations `/openapi.json` generates from the routes: for an operation the
// contract has (same operation id, else same method and path), the contract's summary,
// description, tags, parameter descriptions and examples, request and response descriptions and
// examples; for the others, this server's own (openapi-own-text.ts). It also reports which
// schema the contract names what (`Company`, `ErrorMessage`, ...), for openapi-components.ts.
import type { BodyText, ContractText, Example, TagText } from "./openapi-contract.js";
import {
  OWN_OPERATIONS,
  OWN_REQUEST_EXAMPLES,
  OWN_RESPONSE_EXAMPLES,
  OWN_TAGS,
  STATUS_DESCRIPTIONS,
  errorExample,
} from "./openapi-own-text.js";

type Json = Record<string, unknown>;

interface MediaType {
  schema: Json;
  examples?: Record<string, Example>;
}

export interface DocParameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  example?: unknown;
  schema: Json;
}

export interface DocOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  security: unknown[];
  parameters: DocParameter[];
  requestBody?: { description?: string; required: boolean; content: Record<string, MediaType> };
  /** Each answer's description is set here (a route may have given one). */
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export type DocPaths = Record<string, Record<string, DocOperation>>;

type BodyTextsByStatus = Map<string, BodyText>;

/** A schema the contract names, found where the contract uses the name. */
export type NamedSchema = [name: string, schema: Json];

const hasExamples = (examples: Record<string, Example>): boolean => Object.keys(examples).length > 0;

/**
 * The contract's examples of an answer with this status. An error example whose `statusCode`
 * is another status is left out: the contract reuses some (its 402 and 503 examples say 429
 * and 500), and an example must show what this answer carries.
 */
function examplesFor(status: string, text: BodyText | undefined): Record<string, Example> {
  const kept: Record<string, Example> = {};
  for (const [name, example] of Object.entries(text?.examples ?? {})) {
    const code = (example.value as { statusCode?: unknown } | null)?.statusCode;
    if (typeof code === "number" && String(code) !== status) continue;
    kept[name] = example;
  }
  return kept;
}

function describeResponses(operation: DocOperation, source: BodyTextsByStatus | undefined, names: NamedSchema[]): void {
  const ownExamples = OWN_RESPONSE_EXAMPLES[operation.operationId ?? ""] ?? {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const json = response.content?.["application/json"];
    const text = source?.get(status);
    // The contract's words only fit an answer of the same kind: with a body, or without one.
    const fits = text !== undefined && text.hasContent === (response.content !== undefined);
    response.description = (fits ? text.description : undefined) ?? response.description ?? STATUS_DESCRIPTIONS[status] ?? status;
    if (!json) continue;
    if (fits && text.schemaName) names.push([text.schemaName, json.schema]);
    const examples: Record<string, Example> = { ...(fits ? examplesFor(status, text) : {}), ...ownExamples[status] };
    if (!hasExamples(examples) && Number(status) >= 400) examples.Example = errorExample(Number(status));
    if (hasExamples(examples)) json.examples = examples;
  }
}

function describeRequestBody(operation: DocOperation, source: BodyText | undefined, names: NamedSchema[]): void {
  const body = operation.requestBody;
  const json = body?.content["application/json"];
  if (!body || !json) return;
  if (source?.description) body.description = source.description;
  if (source?.schemaName) names.push([source.schemaName, json.schema]);
  const examples: Record<string, Example> = { ...source?.examples, ...OWN_REQUEST_EXAMPLES[operation.operationId ?? ""] };
  if (hasExamples(examples)) json.examples = examples;
}

function describeParameters(operation: DocOperation, contract: ContractText, source: ReturnType<ContractText["operation"]>): void {
  for (const parameter of operation.parameters) {
    const key = `${parameter.in}:${parameter.name}`;
    const text = source?.parameters.get(key) ?? contract.sharedParameter(parameter.in, parameter.name);
    const description = text?.description ?? (typeof parameter.schema.description === "string" ? parameter.schema.description : undefined);
    if (description) parameter.description = description;
    if (text?.example !== undefined) parameter.example = text.example;
  }
}

/**
 * Describes every operation of `paths` in place. Returns the schemas the contract names, answers
 * first (an answer's shape is what a name means to a reader; a stricter request body of the same
 * name stays inline), and the tags in use, each with its description.
 */
export function describeOperations(paths: DocPaths, contract: ContractText): { names: NamedSchema[]; tags: TagText[] } {
  const answers: NamedSchema[] = [];
  const requests: NamedSchema[] = [];
  const used = new Set<string>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const source = contract.operation(operation.operationId, method, path);
      const own = OWN_OPERATIONS[operation.operationId ?? `${method.toUpperCase()} ${path}`];
      // Fields left undefined are not written (the document is serialised as JSON).
      const described: DocOperation = {
        operationId: operation.operationId ?? own?.operationId,
        summary: source?.summary ?? operation.summary,
        description: source?.description ?? operation.description ?? own?.description,
        tags: source?.tags ?? operation.tags,
        deprecated: source?.deprecated || operation.deprecated || undefined,
        security: operation.security,
        parameters: operation.parameters,
        requestBody: operation.requestBody,
        responses: operation.responses,
      };
      describeParameters(described, contract, source);
      describeRequestBody(described, source?.requestBody, requests);
      describeResponses(described, source?.responses, answers);
      for (const tag of described.tags ?? []) used.add(tag);
      methods[method] = described;
    }
  }
  const known = [...contract.tags, ...OWN_TAGS];
  const tags = [...known.filter((tag) => used.has(tag.name)), ...[...used].filter((name) => !known.some((tag) => tag.name === name)).map((name) => ({ name }))];
  return { names: [...answers, ...requests], tags };
}
