import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { discover } from "../../domain/discovery/discover.js";
import {
  DiscoveryInputError,
  type DiscoveredEstate,
  type DiscoveryFormat,
  type DiscoveryInput,
} from "../../domain/discovery/discovered-estate.js";
import {
  reconcileCi,
  SOURCE_NAME,
  type FieldConflict,
  type FieldOwners,
  type PrecedenceRule,
} from "../../domain/discovery/reconciliation.js";
import { diffCi, type CiFields, type FieldChange } from "../../domain/ci/configuration-item.js";
import type { Rfc } from "../../domain/change/rfc.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import type { CiEntry, RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import { TYPE_NAME } from "../../domain/catalogue/catalogue.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import { findCisByKeys, lockCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  findCoveredCis,
  findDerivedDependencies,
  findDiscoverySource,
  findFieldOwners,
  findLastSeen,
  listUnauthorizedChanges,
  findUnauthorizedChange,
  lockUnauthorizedChange,
  markRetrospectiveRfc,
  recordUnauthorizedChanges,
  type UnauthorizedChange,
  findSightingsOfCi,
  listPrecedenceRules,
  recordCiSightings,
  recordRelationshipSightings,
  recordSourceRun,
  saveFieldOwners,
  setPrecedenceRule,
  type DiscoverySighting,
} from "../../neo4j/discovery.repository.js";
import { authorize } from "../authorization.js";
import type { RfcService } from "../change/rfc.service.js";
import type { ImportError, ImportService } from "../interchange/import.service.js";
import { writeMeta } from "../write-meta.js";

export const DEFAULT_STALE_AFTER_RUNS = 3;
/** A run is one transaction: a large estate may take minutes, beyond the server's default timeout. */
const DISCOVERY_TIMEOUT_MS = 60 * 60 * 1000;

export interface DiscoveryRunInput {
  readonly source: string;
  readonly format: DiscoveryFormat;
  readonly documents: readonly DiscoveryInput[];
  readonly dryRun?: boolean;
  /** Missed runs after which what the source no longer reports is stale (kept: 3 or the source's last setting). */
  readonly staleAfterRuns?: number;
  /**
   * Whether an unauthorized change (a PRODUCTION CI found different, no implemented RFC
   * covering it) is held — recorded, the CMDB left as it is — rather than applied and recorded.
   * Kept from the source's last run that said (applied at first).
   */
  readonly holdUnauthorized?: boolean;
}

export interface DiscoveryCiCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** CIs with at least one field a higher-precedence source owns (kept as it was). */
  conflicting: number;
  /** The source's CIs of earlier runs that this run did not report. */
  notSeen: number;
  /** The source's CIs that are stale after this run (not seen for staleAfterRuns runs). */
  stale: number;
}

export interface DiscoveryRelationshipCounts {
  created: number;
  unchanged: number;
  notSeen: number;
  stale: number;
}

export interface DiscoveryReport {
  readonly source: string;
  readonly format: DiscoveryFormat;
  readonly dryRun: boolean;
  /** True when the run was written (no errors, not a dry run). */
  readonly applied: boolean;
  readonly configurationItems: DiscoveryCiCounts;
  readonly relationships: DiscoveryRelationshipCounts;
  readonly conflicts: FieldConflict[];
  /** PRODUCTION CIs found different with no implemented RFC covering them: one per CI. */
  readonly unauthorizedChanges: { key: string; changes: FieldChange[]; held: boolean }[];
  /** Relationships to keys neither the documents nor the CMDB have: left out. */
  readonly unresolved: RelationshipEntry[];
  readonly errors: ImportError[];
  readonly errorCount: number;
}

/** What a CI is known to have been seen by, and who wrote each of its fields. */
export interface DiscoveryProvenance {
  readonly sightings: DiscoverySighting[];
  readonly fieldOwners: { field: string; source: string; at: Date }[];
}

/** A service another depends on through its components (derived, never stored). */
export interface DerivedDependency {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  /** The component edges it comes from. */
  readonly via: RelationshipEntry[];
}

class RollBack extends Error {
  constructor(readonly report: DiscoveryReport) {
    super("discovery rolled back");
  }
}

/**
 * Runs discovery (docs/adr/011-discovery.md): parses the documents of a format, reconciles
 * each CI with what other sources wrote (precedence per field), writes through the import's
 * own path in one transaction, and records what the source saw and no longer sees.
 */
export class DiscoveryService {
  constructor(
    private readonly imports: ImportService,
    private readonly rfcs: RfcService,
  ) {}

  async run(scope: DbScope, actor: Actor, input: DiscoveryRunInput): Promise<DiscoveryReport> {
    authorize(actor, "running discovery", "EDITOR");
    if (!SOURCE_NAME.test(input.source)) {
      throw new ValidationError(
        "source",
        input.source,
        "must be lower-case letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit",
      );
    }
    const staleAfter = input.staleAfterRuns;
    if (
      staleAfter !== undefined &&
      (!Number.isInteger(staleAfter) || staleAfter < 1 || staleAfter > 1000)
    ) {
      throw new ValidationError(
        "staleAfterRuns",
        staleAfter,
        "must be a whole number from 1 to 1000",
      );
    }
    const dryRun = input.dryRun ?? false;
    let estate: DiscoveredEstate;
    try {
      estate = discover(input.format, input.documents);
    } catch (e) {
      if (!(e instanceof DiscoveryInputError)) throw e;
      return refused(input, dryRun, {
        section: "document",
        index: e.documentIndex,
        entry: e.file,
        field: e.path,
        message: e.message,
      });
    }
    const meta = writeMeta(actor, `discovery ${input.source} (${input.format.toLowerCase()})`);
    try {
      return await scope.writeTransaction(
        async (tx) => {
          const report = await this.write(tx, actor, input, estate, meta, dryRun);
          if (!report.applied) throw new RollBack(report);
          return report;
        },
        { timeoutMs: DISCOVERY_TIMEOUT_MS },
      );
    } catch (e) {
      if (e instanceof RollBack) return e.report;
      throw e;
    }
  }

  private async write(
    tx: DbTransaction,
    actor: Actor,
    input: DiscoveryRunInput,
    estate: DiscoveredEstate,
    meta: ReturnType<typeof writeMeta>,
    dryRun: boolean,
  ): Promise<DiscoveryReport> {
    const known = await findDiscoverySource(tx, input.source);
    const staleAfterRuns =
      input.staleAfterRuns ?? known?.staleAfterRuns ?? DEFAULT_STALE_AFTER_RUNS;
    const holdUnauthorized = input.holdUnauthorized ?? known?.holdUnauthorized ?? false;
    const { catalogue } = await loadCatalogue(tx);
    const rules = await listPrecedenceRules(tx);
    const keys = estate.configurationItems.map((c) => c.key);
    const stated = new Set(keys);
    const current = new Map((await lockCisByKeys(tx, keys)).map((c) => [c.key, c]));
    const owners = await findFieldOwners(
      tx,
      [...current.values()].map((c) => c.id),
    );

    const entries: CiEntry[] = [];
    const conflicts: FieldConflict[] = [];
    const conflicting = new Set<string>();
    const ownersAfter = new Map<string, FieldOwners>();
    for (const discovered of estate.configurationItems) {
      const ci = current.get(discovered.key) ?? null;
      const type = ci?.type ?? discovered.type;
      const result = reconcileCi({
        discovered,
        current: ci,
        owners: (ci && owners.get(ci.id)) ?? {},
        source: input.source,
        at: meta.now,
        rules,
        lineage: catalogue.lineage(type).map((t) => t.name),
      });
      entries.push(result.entry);
      conflicts.push(...result.conflicts);
      if (result.conflicts.length > 0) conflicting.add(discovered.key);
      ownersAfter.set(discovered.key, result.owners);
    }

    // a PRODUCTION CI found different, with no implemented RFC since the source last saw it
    const differing = entries.flatMap((entry, i) => {
      const ci = current.get(entry.key);
      if (ci?.lifecycle !== "PRODUCTION") return [];
      const changes = diffCi(ci, entry as unknown as CiFields);
      return changes.length > 0 ? [{ entry, i, ci, changes }] : [];
    });
    const lastSeen = await findLastSeen(
      tx,
      input.source,
      differing.map((d) => d.entry.key),
    );
    const covered = await findCoveredCis(
      tx,
      differing.map((d) => ({
        ciId: d.ci.id,
        since: lastSeen.get(d.entry.key) ?? d.ci.createdAt,
      })),
    );
    const unauthorized = differing.filter((d) => !covered.has(d.ci.id));
    for (const u of unauthorized) {
      if (!holdUnauthorized) continue;
      // held: the CMDB keeps what it says, and the source's field owners stay as they were
      const {
        id: _id,
        revision: _r,
        createdAt: _c,
        updatedAt: _u,
        retiredAt: _t,
        ...fields
      } = u.ci;
      entries[u.i] = fields;
      ownersAfter.set(u.entry.key, owners.get(u.ci.id) ?? {});
    }

    // a relationship to a CI the documents only name is kept when the CMDB has that CI
    const named = [...new Set(estate.references.flatMap((r) => [r.from, r.to]))].filter(
      (k) => !stated.has(k),
    );
    const inCmdb = new Set((await findCisByKeys(tx, named)).map((c) => c.key));
    const isKnown = (k: string): boolean => stated.has(k) || inCmdb.has(k);
    const relationships = [
      ...estate.relationships,
      ...estate.references.filter((r) => isKnown(r.from) && isKnown(r.to)),
    ];
    const unresolved = estate.references.filter((r) => !isKnown(r.from) || !isKnown(r.to));

    const imported = await this.imports.importWithin(
      tx,
      actor,
      { configurationItems: entries, relationships },
      meta,
      { dryRun: false },
    );
    const cis: DiscoveryCiCounts = {
      ...imported.configurationItems,
      conflicting: conflicting.size,
      notSeen: 0,
      stale: 0,
    };
    const rels: DiscoveryRelationshipCounts = {
      created: imported.relationships.created,
      unchanged: imported.relationships.unchanged,
      notSeen: 0,
      stale: 0,
    };
    const report = (applied: boolean): DiscoveryReport => ({
      source: input.source,
      format: input.format,
      dryRun,
      applied,
      configurationItems: cis,
      relationships: rels,
      conflicts,
      unauthorizedChanges: unauthorized.map((u) => ({
        key: u.entry.key,
        changes: u.changes,
        held: holdUnauthorized,
      })),
      unresolved,
      errors: imported.errors,
      errorCount: imported.errorCount,
    });
    if (imported.errorCount > 0) return report(false);

    const written = await findCisByKeys(tx, keys);
    const ids = new Map(written.map((c) => [c.key, c.id]));
    const byId = new Map<string, FieldOwners>();
    for (const [key, o] of ownersAfter) {
      const id = ids.get(key);
      if (id) byId.set(id, o);
    }
    await saveFieldOwners(tx, byId);
    await recordSourceRun(
      tx,
      input.source,
      input.format,
      { staleAfterRuns, holdUnauthorized },
      meta,
    );
    await recordUnauthorizedChanges(
      tx,
      input.source,
      unauthorized.map((u) => ({
        id: randomUUID(),
        ciId: u.ci.id,
        ciKey: u.entry.key,
        changes: u.changes,
        held: holdUnauthorized,
      })),
      meta,
    );
    const seen = written.map((c) => ({ key: c.key, id: c.id }));
    Object.assign(cis, await recordCiSightings(tx, input.source, seen, staleAfterRuns, meta));
    Object.assign(
      rels,
      await recordRelationshipSightings(tx, input.source, relationships, staleAfterRuns, meta),
    );
    await recordAuditEntries(
      tx,
      [
        {
          operation: "DISCOVERY",
          targetType: "IMPORT",
          targetId: randomUUID(),
          targetKey: input.source,
          before: null,
          after: {
            source: input.source,
            format: input.format,
            configurationItems: cis,
            relationships: rels,
            conflicts: conflicts.length,
            unauthorizedChanges: unauthorized.length,
          },
        },
      ],
      meta,
    );
    return report(!dryRun);
  }

  /** Sets (or, with no sources, removes) the precedence of sources for a CI type's field. */
  async setPrecedence(
    scope: DbScope,
    actor: Actor,
    rule: PrecedenceRule,
  ): Promise<PrecedenceRule[]> {
    authorize(actor, "setting discovery precedence", "ADMIN");
    if (!TYPE_NAME.test(rule.ciType))
      throw new ValidationError("ciType", rule.ciType, "must be a CI type name");
    if (!/^(\*|attributes|[a-zA-Z]+|attributes\.[A-Za-z][A-Za-z0-9_]{0,63})$/.test(rule.field)) {
      throw new ValidationError(
        "field",
        rule.field,
        "must be a CI field, attributes, attributes.<name> or *",
      );
    }
    for (const s of rule.sources)
      if (!SOURCE_NAME.test(s)) throw new ValidationError("sources", s, "must be source names");
    if (new Set(rule.sources).size !== rule.sources.length)
      throw new ValidationError("sources", rule.sources, "must not name a source twice");
    const meta = writeMeta(actor, "discovery precedence");
    return scope.writeTransaction(async (tx) => {
      await setPrecedenceRule(tx, rule, meta);
      return listPrecedenceRules(tx);
    });
  }

  async precedence(scope: DbScope, actor: Actor): Promise<PrecedenceRule[]> {
    authorize(actor, "reading discovery precedence", "READER");
    return scope.readTransaction((tx) => listPrecedenceRules(tx));
  }

  /** Unauthorized changes, newest first (at most `first`): all, one CI's, or by status. */
  async unauthorizedChanges(
    scope: DbScope,
    actor: Actor,
    filter: { ciKey?: string | null; status?: string | null },
    first = 100,
  ): Promise<UnauthorizedChange[]> {
    authorize(actor, "reading unauthorized changes", "READER");
    if (!Number.isInteger(first) || first < 1 || first > 1000) {
      throw new ValidationError("first", first, "must be from 1 to 1000");
    }
    return scope.readTransaction((tx) =>
      listUnauthorizedChanges(
        tx,
        { ciKey: filter.ciKey ?? null, status: filter.status ?? null },
        first,
      ),
    );
  }

  /**
   * Opens the retrospective RFC of an unauthorized change in one step (APPROVER): an EMERGENCY
   * draft on the CI, the caller its requester (so another approver approves it), describing
   * what differed; the change then points at it. Refused (CONFLICT) when it has one already.
   */
  async openRetrospectiveRfc(
    scope: DbScope,
    actor: Actor,
    id: string,
  ): Promise<{ change: UnauthorizedChange; rfc: Rfc }> {
    authorize(actor, "opening a retrospective RFC for an unauthorized change", "APPROVER");
    const change = await scope.readTransaction((tx) => findUnauthorizedChange(tx, id));
    if (!change) throw new NotFoundError("unauthorized change", id);
    if (change.rfcId !== null) {
      throw new ConflictError(`unauthorized change ${id} has its RFC already`, {
        rfcId: change.rfcId,
      });
    }
    const lines = change.changes.map(
      (c) => `- ${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
    );
    // the approver raises it as a requester would; separation of duties keeps them off its approval
    const requester: Actor = { ...actor, roles: [...actor.roles, "REQUESTER"] };
    const rfc = await this.rfcs.create(scope, requester, {
      title: `Retrospective: unauthorized change of ${change.ciKey}`.slice(0, 200),
      description: [
        `Discovery source ${change.source} found ${change.ciKey} different from the CMDB at ${change.detectedAt.toISOString()}, with no implemented RFC covering it${change.held ? " (held: the CMDB kept its values)" : ""}:`,
        ...lines,
      ].join("\n"),
      type: "EMERGENCY",
      priority: "HIGH",
      affectedCiKeys: [change.ciKey],
    });
    const meta = writeMeta(actor, "retrospective RFC for an unauthorized change");
    await scope.writeTransaction(async (tx) => {
      const locked = await lockUnauthorizedChange(tx, id);
      if (locked?.rfcId)
        throw new ConflictError(`unauthorized change ${id} has its RFC already`, {
          rfcId: locked.rfcId,
        });
      await markRetrospectiveRfc(tx, id, rfc.id, meta);
    });
    return { change: { ...change, status: "RFC_OPENED", rfcId: rfc.id }, rfc };
  }

  /**
   * The services the service `key` depends on, derived from component edges (never stored): a
   * CI under it (BELONGS_TO or PROVIDES it, up to 4 hops) depends on one that is, or is under,
   * another ApplicationService or BusinessService. Each with the component edges behind it.
   */
  async derivedDependencies(
    scope: DbScope,
    actor: Actor,
    key: string,
  ): Promise<DerivedDependency[]> {
    authorize(actor, "reading derived dependencies", "READER");
    return scope.readTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      const rows = await findDerivedDependencies(tx, key, {
        under: ["BELONGS_TO", "PROVIDES"],
        dependency: catalogue
          .allRelationshipTypes()
          .filter((t) => t.dependent === "SOURCE")
          .map((t) => t.name),
        serviceTypes: [
          ...catalogue.withSubtypes("ApplicationService"),
          ...catalogue.withSubtypes("BusinessService"),
        ],
      });
      const out = new Map<string, DerivedDependency>();
      for (const r of rows) {
        const d = out.get(r.key) ?? { key: r.key, name: r.name, type: r.type, via: [] };
        d.via.push({ from: r.from, type: r.via, to: r.to });
        out.set(r.key, d);
      }
      return [...out.values()];
    });
  }

  /** Which sources saw the CI and who last wrote each of its fields; null for an unknown key. */
  async provenance(scope: DbScope, actor: Actor, key: string): Promise<DiscoveryProvenance | null> {
    authorize(actor, "reading discovery provenance", "READER");
    return scope.readTransaction(async (tx) => {
      const ci = (await findCisByKeys(tx, [key]))[0];
      if (!ci) return null;
      const owners = (await findFieldOwners(tx, [ci.id])).get(ci.id) ?? {};
      return {
        sightings: await findSightingsOfCi(tx, key),
        fieldOwners: Object.entries(owners)
          .map(([field, o]) => ({ field, source: o.source, at: new Date(o.at) }))
          .sort((a, b) => a.field.localeCompare(b.field)),
      };
    });
  }
}

function refused(input: DiscoveryRunInput, dryRun: boolean, error: ImportError): DiscoveryReport {
  return {
    source: input.source,
    format: input.format,
    dryRun,
    applied: false,
    configurationItems: {
      created: 0,
      updated: 0,
      unchanged: 0,
      conflicting: 0,
      notSeen: 0,
      stale: 0,
    },
    relationships: { created: 0, unchanged: 0, notSeen: 0, stale: 0 },
    conflicts: [],
    unauthorizedChanges: [],
    unresolved: [],
    errors: [error],
    errorCount: 1,
  };
}
