// Request validation with two ajv instances: query strings and path parameters are text, so
// they are coerced ("2" → 2); JSON bodies are not (a number where a string belongs is an error,
// not silently turned into "5"). Both report every problem at once, so the 400 can name each
// bad field; the schemas bound sizes (maxItems, maxLength, maxProperties), so this stays cheap.
// Beyond the schemas, no text may carry the NUL character: PostgreSQL cannot store it in a text
// column, and no field of this API has a use for it.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const common: Options = { useDefaults: true, removeAdditional: true, allErrors: true, strict: true };

/** The JSON pointer of the first string (value or key) in `value` that holds a NUL, if any. */
function nulPointer(value: unknown, at = ""): string | undefined {
  if (typeof value === "string") return value.includes("\0") ? at : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPointer(value[i], `${at}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\0")) return `${at}/${key.replaceAll("\0", "\\u0000")}`;
    const found = nulPointer(item, `${at}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** `validate`, then a refusal of any NUL character, reported as an ajv error for the field. */
function refusingNul(validate: ValidateFunction): Validator {
  const wrapped: Validator = (data) => {
    if (!validate(data)) {
      wrapped.errors = validate.errors ?? null;
      return false;
    }
    const pointer = nulPointer(data);
    if (pointer === undefined) return true;
    wrapped.errors = [
      { instancePath: pointer, schemaPath: "#", keyword: "nul", params: {}, message: "must not contain the NUL character (\\u0000)" },
    ];
    return false;
  };
  return wrapped;
}

export function registerValidation(app: FastifyInstance): void {
  const forText = addFormats(new Ajv({ ...common, coerceTypes: "array" }));
  const forBody = addFormats(new Ajv({ ...common, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => refusingNul((httpPart === "body" ? forBody : forText).compile(schema as object)));
}
