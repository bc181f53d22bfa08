import type { Actor } from "../../domain/actor.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import {
  type Catalogue,
  parseCiType,
  parseRelationshipType,
  type CiType,
  type RelationshipType,
} from "../../domain/catalogue/catalogue.js";
import {
  DEFAULT_CI_TYPES,
  DEFAULT_RELATIONSHIP_TYPES,
} from "../../domain/catalogue/default-catalogue.js";
import { canonicalJson } from "../../domain/ci/canonical-json.js";
import { ConflictError } from "../../domain/errors.js";
import { throwIfInvalid, type ValidationIssue } from "../../domain/validation.js";
import {
  loadCatalogue,
  upsertCiTypes,
  upsertRelationshipTypes,
  type StoredCatalogue,
  type StoredCiType,
  type StoredDefinition,
  type StoredRelationshipType,
  type WriteMeta,
} from "../../neo4j/catalogue.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import { writeMeta } from "../write-meta.js";

export interface DefineCiTypeInput {
  readonly name: string;
  readonly parent?: string | null;
  readonly description?: string | null;
  readonly attributes?:
    | readonly {
        name: string;
        type: string;
        required?: boolean | null;
        description?: string | null;
      }[]
    | null;
  /** The revision read, when changing an existing type (a stale one is a CONFLICT). */
  readonly revision?: number | null;
}

export interface DefineRelationshipTypeInput {
  readonly name: string;
  readonly inverseName: string;
  readonly dependent: string;
  readonly allowedSourceTypes?: readonly string[] | null;
  readonly allowedTargetTypes?: readonly string[] | null;
  readonly description?: string | null;
  readonly membership?: boolean | null;
  readonly revision?: number | null;
}

export interface CatalogueChanges {
  readonly ciTypes: { created: string[]; updated: string[]; unchanged: string[] };
  readonly relationshipTypes: { created: string[]; updated: string[]; unchanged: string[] };
}

/** CI types and relationship types: data that ADMINs define and every write is checked against. */
const CACHE_MS = 5_000;
/** How old the copy may grow before a read that uses it has it read again, beside the request. */
const REFRESH_AFTER_MS = 4_000;

export interface CatalogueCacheTimes {
  /** The oldest copy an analysis uses: another API instance's change shows within this. */
  readonly cacheMs?: number;
  /** Past this age a read still answers from the copy, and a new copy is read in the background. */
  readonly refreshAfterMs?: number;
}

export class CatalogueService {
  private cached: { catalogue: StoredCatalogue; at: number } | null = null;
  /** Bumped by `forget`: a copy read before it is not kept (it may predate the write). */
  private generation = 0;
  private refreshing: Promise<void> | null = null;
  private readonly cacheMs: number;
  private readonly refreshAfterMs: number;

  /**
   * `open` gives the scope a background refresh reads in (none: a copy is read again only by
   * the read that finds it expired).
   */
  constructor(
    private readonly open: (() => DbScope) | null = null,
    times: CatalogueCacheTimes = {},
  ) {
    this.cacheMs = times.cacheMs ?? CACHE_MS;
    this.refreshAfterMs = Math.min(times.refreshAfterMs ?? REFRESH_AFTER_MS, this.cacheMs);
  }

  async read(scope: DbScope, actor: Actor): Promise<StoredCatalogue> {
    authorize(actor, "reading the catalogue", "READER");
    return scope.readTransaction((tx) => loadCatalogue(tx));
  }

  /**
   * The catalogue for read-only analyses, kept for `cacheMs` (5 s): impact analysis would
   * otherwise spend two of its few round trips on it, and the transaction they share. Writes
   * always read it afresh in their transaction and clear this copy (`forget`); another API
   * instance's change shows here within `cacheMs`. A read that finds the copy older than
   * `refreshAfterMs` (4 s) still answers from it and has it read again in a transaction of its
   * own, beside the request: under steady traffic no request waits for the catalogue, and no
   * copy used is older than before (ADR 014, seventh step).
   */
  async readForAnalysis(tx: DbTransaction): Promise<StoredCatalogue> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) {
      if (now - this.cached.at >= this.refreshAfterMs) this.refreshAhead();
      return this.cached.catalogue;
    }
    const generation = this.generation;
    const catalogue = await loadCatalogue(tx);
    this.keep(catalogue, now, generation);
    return catalogue;
  }

  /** Whether `readForAnalysis` would answer from its copy, without reading Neo4j. */
  hasFreshCopy(): boolean {
    return this.cached !== null && Date.now() - this.cached.at < this.cacheMs;
  }

  /** Drops the cached copy (after any write to the catalogue in this process). */
  forget(): void {
    this.cached = null;
    this.generation += 1;
  }

  /** Settles when the background read of the catalogue under way (if any) is done. */
  async refreshed(): Promise<void> {
    await this.refreshing;
  }

  /** One background read at a time; a failure leaves the copy to expire and be read on use. */
  private refreshAhead(): void {
    if (this.open === null || this.refreshing !== null) return;
    const generation = this.generation;
    const at = Date.now();
    const scope = this.open();
    scope.describe({ operation: "catalogue refresh" });
    this.refreshing = scope
      .readTransaction((tx) => loadCatalogue(tx))
      .then(
        (catalogue) => this.keep(catalogue, at, generation),
        () => undefined,
      )
      .finally(() => {
        this.refreshing = null;
      });
  }

  /** Keeps a copy read from `at` on, unless a write forgot the copies since or a newer one is kept. */
  private keep(catalogue: StoredCatalogue, at: number, generation: number): void {
    if (generation !== this.generation) return;
    if (this.cached && this.cached.at > at) return;
    this.cached = { catalogue, at };
  }

  /**
   * Adds the default types that are missing, and brings a built-in type the product wrote and
   * nobody changed since up to the current default (audited); never overwrites what an
   * organisation changed. Relationships that break a rule made stricter stay, and the integrity
   * checks report them.
   */
  async ensureDefaults(scope: DbScope): Promise<void> {
    await scope.writeTransaction(async (tx) => {
      const stored = await loadCatalogue(tx);
      const ci = defaultsToWrite(
        DEFAULT_CI_TYPES.map((t) => parseCiType(t).type as CiType),
        stored.ciTypes,
      );
      const rel = defaultsToWrite(
        DEFAULT_RELATIONSHIP_TYPES.map((t) => parseRelationshipType(t).type as RelationshipType),
        stored.relationshipTypes,
      );
      const meta: WriteMeta = {
        now: new Date().toISOString(),
        actor: CATALOGUE_ACTOR,
        reason: "default catalogue",
        rfcId: null,
      };
      this.forget();
      await upsertCiTypes(tx, [...ci.missing, ...ci.outdated.map((o) => o.type)], true, meta);
      await upsertRelationshipTypes(
        tx,
        [...rel.missing, ...rel.outdated.map((o) => o.type)],
        true,
        meta,
      );
      for (const o of ci.outdated) await auditDefinition(tx, "CI_TYPE", o.before, o.type, meta);
      for (const o of rel.outdated)
        await auditDefinition(tx, "RELATIONSHIP_TYPE", o.before, o.type, meta);
    });
  }

  async defineCiType(
    scope: DbScope,
    actor: Actor,
    input: DefineCiTypeInput,
  ): Promise<StoredCiType> {
    authorize(actor, "defining a CI type", "ADMIN");
    const parsed = parseCiType(input);
    throwIfInvalid(parsed.issues);
    const type = parsed.type as CiType;
    return scope.writeTransaction(async (tx) => {
      await tx.run(LOCK[kindOf(type)], { name: type.name });
      const stored = await loadCatalogue(tx);
      const before = stored.ciTypes.find((t) => t.name === type.name);
      checkRevision(before, input.revision, `CI type ${type.name}`);
      const meta = writeMeta(actor, null);
      const after = await this.planAndWrite(tx, [type], [], meta);
      const written = after.ciTypes.find((t) => t.name === type.name) as StoredCiType;
      await auditDefinition(tx, "CI_TYPE", before ?? null, written, meta);
      return written;
    });
  }

  async defineRelationshipType(
    scope: DbScope,
    actor: Actor,
    input: DefineRelationshipTypeInput,
  ): Promise<StoredRelationshipType> {
    authorize(actor, "defining a relationship type", "ADMIN");
    const parsed = parseRelationshipType(input);
    throwIfInvalid(parsed.issues);
    const type = parsed.type as RelationshipType;
    return scope.writeTransaction(async (tx) => {
      await tx.run(LOCK[kindOf(type)], { name: type.name });
      const stored = await loadCatalogue(tx);
      const before = stored.relationshipTypes.find((t) => t.name === type.name);
      checkRevision(before, input.revision, `relationship type ${type.name}`);
      const meta = writeMeta(actor, null);
      const after = await this.planAndWrite(tx, [], [type], meta);
      const written = after.relationshipTypes.find(
        (t) => t.name === type.name,
      ) as StoredRelationshipType;
      await auditDefinition(tx, "RELATIONSHIP_TYPE", before ?? null, written, meta);
      return written;
    });
  }

  /**
   * The catalogue these definitions would make, what they change, and the rules it would break
   * (nothing is written here).
   */
  plan(
    stored: StoredCatalogue,
    ciTypes: readonly CiType[],
    relationshipTypes: readonly RelationshipType[],
  ): CataloguePlan {
    const catalogue = stored.catalogue.with(ciTypes, relationshipTypes);
    return {
      catalogue,
      ciTypes,
      relationshipTypes,
      issues: catalogue.check(),
      changes: {
        ciTypes: classify(ciTypes, (n) => stored.catalogue.ciType(n)),
        relationshipTypes: classify(relationshipTypes, (n) => stored.catalogue.relationshipType(n)),
      },
    };
  }

  /** Writes the definitions of a plan that differ from what is stored. */
  async write(tx: DbTransaction, plan: CataloguePlan, meta: WriteMeta): Promise<void> {
    this.forget();
    const changed = <T extends { name: string }>(defs: readonly T[], unchanged: string[]): T[] =>
      defs.filter((d) => !unchanged.includes(d.name));
    await upsertCiTypes(tx, changed(plan.ciTypes, plan.changes.ciTypes.unchanged), false, meta);
    await upsertRelationshipTypes(
      tx,
      changed(plan.relationshipTypes, plan.changes.relationshipTypes.unchanged),
      false,
      meta,
    );
  }

  private async planAndWrite(
    tx: DbTransaction,
    ciTypes: readonly CiType[],
    relationshipTypes: readonly RelationshipType[],
    meta: WriteMeta,
  ): Promise<StoredCatalogue> {
    const plan = this.plan(await loadCatalogue(tx), ciTypes, relationshipTypes);
    throwIfInvalid(plan.issues);
    await this.write(tx, plan, meta);
    return loadCatalogue(tx);
  }
}

async function auditDefinition(
  tx: DbTransaction,
  targetType: "CI_TYPE" | "RELATIONSHIP_TYPE",
  before: { name: string } | null,
  after: { name: string },
  meta: WriteMeta,
): Promise<void> {
  await recordAuditEntries(
    tx,
    [
      {
        operation: before ? "REDEFINE" : "DEFINE",
        targetType,
        targetId: after.name,
        targetKey: after.name,
        before,
        after,
      },
    ],
    meta,
  );
}

/**
 * Who writes the default catalogue: not a user name (users cannot have a ':'). Earlier releases
 * wrote it as "system", at revision 1.
 */
export const CATALOGUE_ACTOR = "system:catalogue";

/**
 * The defaults a CMDB lacks, and the built-in ones it holds as the product last wrote them that
 * differ from the current default: written by the product at revision 1, or since by
 * CATALOGUE_ACTOR. A type an ADMIN or an import redefined is the organisation's and stays.
 */
function defaultsToWrite<T extends { name: string }>(
  defaults: readonly T[],
  stored: readonly (T & StoredDefinition)[],
): { missing: T[]; outdated: { type: T; before: T & StoredDefinition }[] } {
  const missing: T[] = [];
  const outdated: { type: T; before: T & StoredDefinition }[] = [];
  for (const type of defaults) {
    const before = stored.find((s) => s.name === type.name);
    if (!before) missing.push(type);
    else if (
      before.builtIn &&
      (before.revision === 1 || before.updatedBy === CATALOGUE_ACTOR) &&
      canonicalJson(pickSame(before, type)) !== canonicalJson(type)
    ) {
      outdated.push({ type, before });
    }
  }
  return { missing, outdated };
}

export interface CataloguePlan {
  readonly catalogue: Catalogue;
  readonly ciTypes: readonly CiType[];
  readonly relationshipTypes: readonly RelationshipType[];
  readonly changes: CatalogueChanges;
  readonly issues: ValidationIssue[];
}

function classify<T extends { name: string }>(
  defs: readonly T[],
  current: (name: string) => T | undefined,
): { created: string[]; updated: string[]; unchanged: string[] } {
  const out = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const d of defs) {
    const existing = current(d.name);
    if (!existing) out.created.push(d.name);
    else if (canonicalJson(pickSame(existing, d)) === canonicalJson(d)) out.unchanged.push(d.name);
    else out.updated.push(d.name);
  }
  return out;
}

/** The stored definition reduced to the fields of the new one (stored ones carry revision, dates…). */
function pickSame<T extends object>(stored: T, shape: T): T {
  return Object.fromEntries(
    Object.keys(shape).map((k) => [k, (stored as Record<string, unknown>)[k] ?? null]),
  ) as T;
}

function checkRevision(
  current: { revision: number } | undefined,
  expected: number | null | undefined,
  what: string,
): void {
  if (!current) {
    if (expected !== undefined && expected !== null) {
      throw new ConflictError(
        `${what} does not exist yet, so it has no revision ${String(expected)}`,
      );
    }
    return;
  }
  if (expected === undefined || expected === null) {
    throw new ConflictError(
      `${what} already exists (revision ${String(current.revision)}): name the revision you read to change it`,
      { currentRevision: current.revision },
    );
  }
  if (current.revision !== expected) {
    throw new ConflictError(
      `${what} is at revision ${String(current.revision)}, not ${String(expected)}: it changed since it was read`,
      { expectedRevision: expected, currentRevision: current.revision },
    );
  }
}

const LOCK = {
  ci: "catalogue/lock-ci-type",
  relationship: "catalogue/lock-relationship-type",
} as const;

function kindOf(type: CiType | RelationshipType): keyof typeof LOCK {
  return "inverseName" in type ? "relationship" : "ci";
}
