import { Neo4jError, isRetryableError } from "neo4j-driver";
import { ConflictError, DomainError, UnavailableError } from "../domain/errors.js";

/** The one place driver errors become domain errors; anything unknown passes through as is. */
export function mapNeo4jError(error: unknown, statement?: string): unknown {
  if (error instanceof DomainError) return error;
  if (!(error instanceof Neo4jError)) return error;
  const where = statement ? { statement } : {};
  if (error.code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new ConflictError(`a uniqueness rule was broken: ${error.message}`, where);
  }
  if (
    error.code === "ServiceUnavailable" ||
    error.code === "SessionExpired" ||
    isRetryableError(error)
  ) {
    return new UnavailableError(`Neo4j is unavailable: ${error.message}`, where);
  }
  if (error.code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
    return new UnavailableError("the query took longer than the transaction timeout", where);
  }
  return error;
}
