import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../config/logger.js";

/**
 * An error the HTTP layer answers itself, before or instead of GraphQL, in GraphQL's response
 * shape so a client reads every error the same way: no HTML, no stack, no server path.
 */
export function sendHttpError(
  res: Parameters<RequestHandler>[1],
  status: number,
  code: string,
  message: string,
): void {
  // the access log and the metrics name the outcome by this code
  (res.locals as { errorCode?: string }).errorCode = code;
  res
    .status(status)
    .type("application/json")
    .json({ errors: [{ message, extensions: { code } }] });
}

interface BodyParserError extends Error {
  readonly type?: string;
  readonly status?: number;
  readonly limit?: number;
}

/** Body-parser's refusals (bad JSON, too large, unknown charset) and anything unexpected. */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: BodyParserError, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    switch (err.type) {
      case "entity.parse.failed":
        sendHttpError(res, 400, "BAD_REQUEST", "The request body is not a JSON object");
        return;
      case "entity.too.large":
        sendHttpError(
          res,
          413,
          "PAYLOAD_TOO_LARGE",
          `The request body is larger than ${String(err.limit ?? "the limit")} bytes (GRAPH_CMDB_MAX_REQUEST_MB)`,
        );
        return;
      case "encoding.unsupported":
      case "charset.unsupported":
        sendHttpError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "The request body must be UTF-8 JSON");
        return;
      case "request.aborted":
        sendHttpError(res, 400, "BAD_REQUEST", "The request was aborted while being read");
        return;
      default:
        if (typeof err.status === "number" && err.status >= 400 && err.status < 500) {
          sendHttpError(res, err.status, "BAD_REQUEST", "The request cannot be read");
          return;
        }
        log.error({ err }, "unexpected error in an HTTP request");
        sendHttpError(res, 500, "INTERNAL", "Internal server error");
    }
  };
}

/** A route nobody serves: JSON, like every other error. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendHttpError(res, 404, "NOT_FOUND", `Nothing is served at ${req.method} ${req.path}`);
};
