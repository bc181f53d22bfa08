import { Neo4jError, isRetryableError } from "neo4j-driver";
import {
  ConflictError,
  DomainError,
  ResourceLimitError,
  TimeoutError,
  UnavailableError,
} from "../domain/errors.js";

/**
 * Neo4j's codes for work refused for lack of memory: the transaction memory pools
 * (`db.memory.transaction.max`, `dbms.memory.transaction.total.max`) and the heap. Neo4j files
 * them as transient, but the same work fails the same way again: they are never retried.
 */
const MEMORY_CODES =
  /^Neo\.TransientError\.General\.(MemoryPoolOutOfMemoryError|TransactionOutOfMemoryError|TransactionMemoryLimit|OutOfMemoryError)$/;

export function isMemoryLimitError(error: unknown): boolean {
  return error instanceof Neo4jError && MEMORY_CODES.test(error.code);
}

/** A transient error the driver may retry: never a memory limit (it would fail the same way). */
export function isRetryable(error: unknown): boolean {
  return isRetryableError(error) && !isMemoryLimitError(error);
}

/** The one place driver errors become domain errors; anything unknown passes through as is. */
export function mapNeo4jError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (!(error instanceof Neo4jError)) return error;
  // fixed messages: what the driver says (node ids, property values) stays out of responses;
  // the original code travels in the details (and so into the logs)
  const neo4jCode = { neo4jCode: error.code };
  if (isMemoryLimitError(error)) {
    return new ResourceLimitError(
      "Neo4j ran out of memory for this transaction: write in smaller transactions (an import's " +
        "--batch-size), give Neo4j more heap (GRAPH_CMDB_EMBEDDED_HEAP_MB for the embedded one), " +
        "or raise dbms.memory.transaction.total.max / db.memory.transaction.max on the server " +
        `(Neo4j code ${error.code})`,
      neo4jCode,
    );
  }
  if (error.code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new ConflictError(
      "this would duplicate a unique value (a key, an id, or a relationship already in force), " +
        "perhaps written at the same moment by another writer: read again and retry " +
        `(Neo4j code ${error.code})`,
      neo4jCode,
    );
  }
  if (error.code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
    return new TimeoutError(
      "the transaction took longer than its timeout: a read is limited by " +
        "GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS (narrow it, or raise that setting); a write: write in " +
        "smaller transactions (an import's --batch-size), or raise db.transaction.timeout " +
        `(Neo4j code ${error.code})`,
      neo4jCode,
    );
  }
  if (
    error.code === "ServiceUnavailable" ||
    error.code === "SessionExpired" ||
    isRetryableError(error)
  ) {
    return new UnavailableError("Neo4j is unavailable; try again", neo4jCode);
  }
  return error;
}
