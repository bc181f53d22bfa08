import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "../config/logger.js";
import { DomainError, UnauthenticatedError, type ErrorCode } from "../domain/errors.js";

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

/** A domain error as GraphQL sends it: message, stable code, details (field, value, rule…). */
export function toGraphqlError(error: DomainError): GraphQLError {
  const status = HTTP_STATUS[error.code];
  // a 401 says how to authenticate, and whether the credential sent was refused (RFC 6750)
  const headers =
    error instanceof UnauthenticatedError
      ? new Map([
          [
            "www-authenticate",
            error.invalidToken
              ? 'Bearer realm="graph-cmdb", error="invalid_token"'
              : 'Bearer realm="graph-cmdb"',
          ],
        ])
      : undefined;
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...error.details,
      ...(status ? { http: { status, ...(headers ? { headers } : {}) } } : {}),
    },
  });
}

/**
 * The one place errors leave the API: domain errors keep their code and message; GraphQL's own
 * (parse, validation) pass through; anything else is masked and logged with its stack.
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const { http: _http, ...extensions } = toGraphqlError(original).extensions;
      return { ...formatted, message: original.message, extensions };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return formatted;
    log.error({ err: original, path: formatted.path }, "unexpected error in a GraphQL request");
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL" },
    };
  };
}
