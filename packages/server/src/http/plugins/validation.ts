// Request validation with two ajv instances: query strings and path parameters are text, so
// they are coerced ("2" → 2); JSON bodies are not (a number where a string belongs is an error,
// not silently turned into "5"). Both report every problem at once, so the 400 can name each
// bad field; the schemas bound sizes (maxItems, maxLength, maxProperties), so this stays cheap.
import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const common: Options = { useDefaults: true, removeAdditional: true, allErrors: true, strict: true };

export function registerValidation(app: FastifyInstance): void {
  const forText = addFormats(new Ajv({ ...common, coerceTypes: "array" }));
  const forBody = addFormats(new Ajv({ ...common, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? forBody : forText).compile(schema as object),
  );
}
