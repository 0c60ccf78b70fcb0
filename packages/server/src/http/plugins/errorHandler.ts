// Every non-2xx answer is an ErrorMessage: handler errors, validation failures, malformed or
// oversized bodies, wrong content types, unknown routes and internal failures. Internal details
// go to the log (with the correlation id), never into a body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, errorBody, MESSAGES, type ValidationItem } from "../errors.js";

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

/** Ajv issues → the contract's validation items, naming the field (`body.name`, `query.page`). */
function validationItems(error: FastifyError): ValidationItem[] {
  const context = error.validationContext === "querystring" ? "query" : (error.validationContext ?? "body");
  return ((error.validation ?? []) as AjvIssue[]).map((issue) => {
    const path = (issue.instancePath ?? "").split("/").filter(Boolean);
    if (issue.params?.missingProperty) path.push(issue.params.missingProperty);
    return {
      itemId: [context, ...path].join("."),
      message: issue.message ?? "is not valid",
      validatorName: issue.keyword ?? null,
    };
  });
}

const FASTIFY_CLIENT_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "Unsupported content type; send application/json."],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "Request body length does not match Content-Length."],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "Request body is too large."],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "Request body is empty but Content-Type is application/json."],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "Request body is not valid JSON."],
  FST_ERR_BAD_URL: [400, "Malformed request URL."],
  FST_ERR_ASYNC_CONSTRAINT: [400, "Malformed request."],
};

function send(reply: FastifyReply, request: FastifyRequest, status: number, message: string, extra: ConstructorParameters<typeof ApiError>[2] = {}) {
  if (extra.headers) reply.headers(extra.headers);
  return reply.code(status).type("application/json").send(errorBody(status, message, request.id, extra));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return send(reply, request, error.statusCode, error.message, error.options);
    if (error.validation) {
      return send(reply, request, 400, MESSAGES[400], { validationErrors: validationItems(error) });
    }
    const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    if (known) return send(reply, request, known[0], known[1]);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, "client error");
      return send(reply, request, status, MESSAGES[status as keyof typeof MESSAGES] ?? MESSAGES[400]);
    }
    request.log.error({ err: error }, "request failed");
    return send(reply, request, 500, MESSAGES[500]);
  });

  app.setNotFoundHandler((request, reply) => {
    send(reply, request, 404, MESSAGES[404]);
  });
}
