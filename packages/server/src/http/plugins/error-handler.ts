// Every non-2xx answer is an ErrorMessage: handler errors, validation failures, malformed or
// oversized bodies, wrong content types, unknown routes and internal failures. Internal details
// go to the log (with the correlation id), never into a body.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../../storage/dialect.js";
import { ApiError, errorBody, MESSAGES, type ValidationItem } from "../../errors.js";
import { CORRELATION_HEADER, newCorrelationId } from "./correlation-id.js";
import { collectMethodTable } from "./method-table.js";

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
  // A path segment longer than any id this server issues cannot name a resource.
  FST_ERR_MAX_PARAM_LENGTH: [404, MESSAGES[404]],
};

function send(reply: FastifyReply, request: FastifyRequest, status: number, message: string, extra: ConstructorParameters<typeof ApiError>[2] = {}) {
  if (extra.headers) reply.headers(extra.headers);
  // Refused before its body has arrived (a 401 from the auth hook): close the connection after
  // answering rather than keep reading a body nobody will look at.
  if (!request.raw.complete) reply.header("connection", "close");
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
    if (isDatabaseUnavailable(error)) {
      // The database is away (restart, failover, network): nothing is wrong with the request,
      // and clients (the SDK retries 5XX) should come back shortly.
      request.log.error({ err: error }, "database not reachable");
      return send(reply, request, 503, "The database is not reachable.", { canBeRetried: "True" });
    }
    request.log.error({ err: error }, "request failed");
    return send(reply, request, 500, MESSAGES[500]);
  });

  // A wrong method on an existing path is 405 with the path's methods; an unknown path 404.
  const allowedMethods = collectMethodTable(app);
  app.setNotFoundHandler((request, reply) => {
    const allow = allowedMethods(request.url);
    if (allow) return send(reply, request, 405, "The method is not allowed on this path.", { headers: { allow } });
    return send(reply, request, 404, MESSAGES[404]);
  });
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals (malformed percent-encoding, an
 * over-long path parameter) happen before any hook or error handler, and by default answer
 * Fastify's shape with the request path echoed. Answer an ErrorMessage instead.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, message] = FASTIFY_CLIENT_ERRORS[error.code] ?? [400, MESSAGES[400]];
  reply.header(CORRELATION_HEADER, request.id);
  void send(reply, request, status, message);
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser rejects (control characters or
 * bytes outside Latin-1 in the request line or a header, broken framing, oversized headers)
 * never become requests. Answer them with an ErrorMessage too, then close the connection.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  // A response already under way on this connection (a 401 sent before a slow body finished
  // arriving, then the request timeout) must not be followed by a second, unasked-for one.
  const responseStarted = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
  if (socket.writable && !responseStarted) {
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    const correlationId = newCorrelationId();
    const message = status === 431 ? "Request headers are too large." : status === 408 ? "Request timed out." : "Malformed HTTP request.";
    const body = JSON.stringify(errorBody(status, message, correlationId, status === 408 ? { canBeRetried: "True" } : {}));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `${CORRELATION_HEADER}: ${correlationId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
