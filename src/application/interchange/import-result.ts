import type { TransactionRetry } from "../../neo4j/database.js";

/** What an import reports, and the options it takes: shared by the service, its run and its doors. */

export type ImportSection =
  "document" | "ciTypes" | "relationshipTypes" | "configurationItems" | "relationships";

export interface ImportError {
  readonly section: ImportSection;
  /** The entry's position in its section (0-based), or null for the document as a whole. */
  readonly index: number | null;
  /** The entry's key or name, as the document gives it. */
  readonly entry: string | null;
  readonly field: string;
  readonly message: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  readonly dryRun: boolean;
  /** True when the document was written (no errors, not a dry run). */
  readonly applied: boolean;
  readonly ciTypes: ImportCounts;
  readonly relationshipTypes: ImportCounts;
  readonly configurationItems: ImportCounts;
  readonly relationships: ImportCounts;
  /** Every error, up to MAX_LISTED_ERRORS of them; `errorCount` counts them all. */
  readonly errors: ImportError[];
  readonly errorCount: number;
  /** The journal of a streamed import (null for a document imported in one transaction). */
  readonly importId?: string | null;
}

export interface ImportProgress {
  readonly section: "configurationItems" | "relationships";
  readonly done: number;
  /** Entries in the section when known (a document in memory); null for a stream. */
  readonly total: number | null;
}

export interface ImportRetry extends TransactionRetry {
  readonly section: "configurationItems" | "relationships" | "finish" | "document";
  /** Entries of the section committed before the batch that is tried again. */
  readonly done: number;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  readonly reason?: string | null;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Hears of each batch that Neo4j made the import try again (a transient failure). */
  readonly onRetry?: (retry: ImportRetry) => void;
  /** Record the IMPORT audit entry when the document is applied (default true). */
  readonly audit?: boolean;
  /**
   * How many CIs by key the import keeps for relationships' ends (default 200,000): a smaller
   * cache costs lookups, never a different result (the tests evict on purpose).
   */
  readonly endCache?: number;
  /**
   * How many CI batches a journaled import writes at once, each in its own transaction (default
   * 1 here; the streamed import's doors default to DEFAULT_WRITERS): the statements of one run
   * while the one before commits; they still commit in order (ADR 012 decision 13).
   */
  readonly writers?: number;
}

export interface StreamImportOptions extends ImportOptions {
  /** Where the document comes from (a file name, "standard input"), kept in the journal. */
  readonly source: string;
}

export interface AbortResult {
  readonly importId: string;
  readonly source: string;
  readonly relationshipsDeleted: number;
  readonly cisDeleted: number;
  readonly cisRestored: number;
  /** CIs the import updated that a later write moved on: left as they are now. */
  readonly cisKept: number;
}

export const MAX_LISTED_ERRORS = 1000;
export const DEFAULT_BATCH = 2000;
/**
 * CI batches a streamed import writes at once unless told (ADR 012 decision 13): one, since a
 * second writer's gain on two shared cores was within the runs' spread; `--writers 2` asks for it.
 */
export const DEFAULT_WRITERS = 1;
