import { Neo4jError, isRetryableError } from "neo4j-driver";
import { ConflictError, DomainError, UnavailableError } from "../domain/errors.js";

/** The one place driver errors become domain errors; anything unknown passes through as is. */
export function mapNeo4jError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (!(error instanceof Neo4jError)) return error;
  // fixed messages: what the driver says (node ids, property values) stays out of responses
  if (error.code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new ConflictError("this would duplicate a unique value (a key or an id already in use)");
  }
  if (
    error.code === "ServiceUnavailable" ||
    error.code === "SessionExpired" ||
    isRetryableError(error)
  ) {
    return new UnavailableError("Neo4j is unavailable; try again");
  }
  if (error.code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
    return new UnavailableError("the query took longer than the transaction timeout");
  }
  return error;
}
