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
  proposes,
  reconcileCi,
  SOURCE_NAME,
  type RelationshipChange,
  type FieldConflict,
  type FieldOwners,
  type PrecedenceRule,
} from "../../domain/discovery/reconciliation.js";
import { retrospectiveOperations } from "../../domain/discovery/retrospective-rfc.js";
import { diffCi, type CiFields, type FieldChange } from "../../domain/ci/configuration-item.js";
import type { Rfc } from "../../domain/change/rfc.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import type { CiEntry, RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import { TYPE_NAME } from "../../domain/catalogue/catalogue.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import { findCisByIds, findCisByKeys, lockCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  findCoveredCis,
  findFirstSightings,
  findRelationshipsInForce,
  findRfcsCoveringCis,
  findOpenRfcsOnCis,
  lockDiscoverySource,
  findVanishedRelationships,
  findDerivedDependencies,
  findDerivedServiceDependencies,
  findDiscoverySource,
  findFieldOwners,
  findLastSeen,
  listUnauthorizedChanges,
  lockUnauthorizedChange,
  markRetrospectiveRfc,
  recordUnauthorizedChanges,
  type UnauthorizedChange,
  type OpenRfcOnCis,
  findSightingsOfCi,
  listPrecedenceRules,
  recordCiSightings,
  recordRelationshipSightings,
  recordSourceRun,
  saveFieldOwners,
  setPrecedenceRule,
  type DiscoverySighting,
  countStaleSightings,
  countUnauthorizedChanges,
  findStaleSightingsByKeys,
  listStaleSightingsPage,
  listUnauthorizedChangesPage,
  type StaleDiscovery,
  type UnauthorizedChangeQuery,
} from "../../neo4j/discovery.repository.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { authorize } from "../authorization.js";
import type { RfcService } from "../change/rfc.service.js";
import { watched, type ImportError, type ImportService } from "../interchange/import.service.js";
import { Telemetry, watchImport, type ImportWatch, type TelemetrySink } from "../telemetry.js";
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
  /** KUBERNETES: the cluster the manifests describe (else the kubeconfig's, else the source). */
  readonly cluster?: string | null;
  /** TERRAFORM: the workspace of the state (else the local backend's folder, else `default`). */
  readonly workspace?: string | null;
}

/** A cluster or workspace name as a run is given it. */
const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@+/-]{0,99}$/;

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
  /** The Kubernetes cluster the keys name (KUBERNETES runs). */
  readonly cluster: string | null;
  /** The Terraform workspace the keys name (TERRAFORM runs). */
  readonly workspace: string | null;
  /** True when the run was written (no errors, not a dry run). */
  readonly applied: boolean;
  readonly configurationItems: DiscoveryCiCounts;
  readonly relationships: DiscoveryRelationshipCounts;
  readonly conflicts: FieldConflict[];
  /**
   * PRODUCTION CIs found different (fields, or relationships appeared or gone) with no RFC
   * covering them: one per CI.
   */
  readonly unauthorizedChanges: {
    key: string;
    changes: FieldChange[];
    relationships: RelationshipChange[];
    held: boolean;
  }[];
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

/** A service-to-service dependency derived from component edges (by CI id), never stored. */
export interface DerivedServiceDependency {
  /** The service that depends. */
  readonly fromId: string;
  /** The service depended on. */
  readonly toId: string;
  /** The component edges it comes from: from a CI under `fromId` to one that is, or is under, `toId`. */
  readonly via: { readonly fromId: string; readonly type: string; readonly toId: string }[];
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
    private readonly telemetry: TelemetrySink = new Telemetry(),
  ) {}

  async run(scope: DbScope, actor: Actor, input: DiscoveryRunInput): Promise<DiscoveryReport> {
    authorize(actor, "running discovery", "EDITOR");
    checkSourceName(input.source);
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
    for (const [field, format] of [
      ["cluster", "KUBERNETES"],
      ["workspace", "TERRAFORM"],
    ] as const) {
      const value = input[field];
      if (value === undefined || value === null) continue;
      if (input.format !== format)
        throw new ValidationError(field, value, `is for a ${format} run only`);
      if (!SCOPE_NAME.test(value))
        throw new ValidationError(
          field,
          value,
          "must be 1 to 100 letters, digits or '.', '_', ':', '@', '+', '/', '-', starting with a letter or digit",
        );
    }
    const dryRun = input.dryRun ?? false;
    return watchImport(this.telemetry, "discovery", async (watch) => {
      let estate: DiscoveredEstate;
      try {
        estate = discover(input.format, input.documents, {
          source: input.source,
          cluster: input.cluster ?? null,
          workspace: input.workspace ?? null,
        });
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
            const report = await this.write(tx, actor, input, estate, meta, dryRun, watch);
            if (!report.applied) throw new RollBack(report);
            return report;
          },
          { timeoutMs: DISCOVERY_TIMEOUT_MS, onRetry: () => watch.retried() },
        );
      } catch (e) {
        if (e instanceof RollBack) return e.report;
        throw e;
      }
    });
  }

  private async write(
    tx: DbTransaction,
    actor: Actor,
    input: DiscoveryRunInput,
    estate: DiscoveredEstate,
    meta: ReturnType<typeof writeMeta>,
    dryRun: boolean,
    watch: ImportWatch,
  ): Promise<DiscoveryReport> {
    estate = await keepLegacyKeys(tx, input.source, estate);
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
    const unauthorizedFields = differing.filter((d) => !covered.has(d.ci.id));
    for (const u of unauthorizedFields) {
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
    const namedCis = await findCisByKeys(tx, named);
    const inCmdb = new Set(namedCis.map((c) => c.key));
    const isKnown = (k: string): boolean => stated.has(k) || inCmdb.has(k);
    const reported = [
      ...estate.relationships,
      ...estate.references.filter((r) => isKnown(r.from) && isKnown(r.to)),
    ];
    const unresolved = estate.references.filter((r) => !isKnown(r.from) || !isKnown(r.to));

    // relationships of PRODUCTION CIs that appeared or disappeared with no RFC proposing it
    const stored = new Map([...current.values(), ...namedCis].map((c) => [c.key, c]));
    const relationshipFindings = await this.relationshipChanges(tx, input.source, stored, reported);
    const heldAppearances = new Set(
      holdUnauthorized
        ? relationshipFindings
            .filter((f) => f.change.change === "APPEARED")
            .map((f) => signatureOf(f.change))
        : [],
    );
    const relationships = reported.filter((r) => !heldAppearances.has(signatureOf(r)));

    // one unauthorized change per CI: its fields and its relationships
    const findings = new Map<
      string,
      { ciId: string; key: string; changes: FieldChange[]; relationships: RelationshipChange[] }
    >();
    for (const u of unauthorizedFields) {
      findings.set(u.ci.id, {
        ciId: u.ci.id,
        key: u.entry.key,
        changes: u.changes,
        relationships: [],
      });
    }
    for (const f of relationshipFindings) {
      const found = findings.get(f.ciId) ?? {
        ciId: f.ciId,
        key: f.ciKey,
        changes: [],
        relationships: [],
      };
      found.relationships.push(f.change);
      findings.set(f.ciId, found);
    }
    const unauthorized = [...findings.values()];

    const imported = await this.imports.importWithin(
      tx,
      actor,
      { configurationItems: entries, relationships },
      meta,
      watched({ dryRun: false }, watch),
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
      cluster: estate.cluster ?? null,
      workspace: estate.workspace ?? null,
      applied,
      configurationItems: cis,
      relationships: rels,
      conflicts,
      unauthorizedChanges: unauthorized.map((u) => ({
        key: u.key,
        changes: u.changes,
        relationships: u.relationships,
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
        ciId: u.ciId,
        ciKey: u.key,
        changes: u.changes,
        relationships: u.relationships,
        held: holdUnauthorized,
      })),
      meta,
    );
    const seen = written.map((c) => ({ key: c.key, id: c.id }));
    Object.assign(cis, await recordCiSightings(tx, input.source, seen, staleAfterRuns, meta));
    Object.assign(
      rels,
      await recordRelationshipSightings(tx, input.source, reported, staleAfterRuns, meta),
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

  /**
   * The relationships of PRODUCTION CIs this run finds different from the CMDB with no RFC
   * proposing the difference: reported and not in force (appeared), or reported by the
   * source's last run, not now, and still in force (disappeared). Each is given to the CI at
   * its `from` end when that one is in PRODUCTION, else to the `to` end. An RFC covers a
   * difference when it proposes that very operation and is APPROVED or SCHEDULED, or was
   * implemented since the source last saw the relationship (or its CI).
   */
  private async relationshipChanges(
    tx: DbTransaction,
    source: string,
    stored: ReadonlyMap<string, { id: string; key: string; lifecycle: string; createdAt: Date }>,
    reported: readonly RelationshipEntry[],
  ): Promise<{ ciId: string; ciKey: string; change: RelationshipChange; since: Date }[]> {
    const production = (key: string) => {
      const ci = stored.get(key);
      return ci?.lifecycle === "PRODUCTION" ? ci : null;
    };
    const candidates = reported.filter((r) => production(r.from) ?? production(r.to));
    const inForce = await findRelationshipsInForce(tx, candidates);
    const appeared = candidates.filter((r) => !inForce.has(signatureOf(r)));
    const owners = appeared.map(
      (r) =>
        (production(r.from) ?? production(r.to)) as { id: string; key: string; createdAt: Date },
    );
    const lastSeen = await findLastSeen(
      tx,
      source,
      owners.map((o) => o.key),
    );
    const found: {
      ciId: string;
      ciKey: string;
      change: RelationshipChange;
      since: Date;
      ends: (string | undefined)[];
    }[] = appeared.map((r, i) => {
      const owner = owners[i] as { id: string; key: string; createdAt: Date };
      return {
        ciId: owner.id,
        ciKey: owner.key,
        change: { change: "APPEARED", from: r.from, type: r.type, to: r.to },
        since: lastSeen.get(owner.key) ?? owner.createdAt,
        ends: [stored.get(r.from)?.id, stored.get(r.to)?.id],
      };
    });
    const vanished = await findVanishedRelationships(tx, source, reported.map(signatureOf));
    for (const v of vanished) {
      found.push({
        ciId: v.fromProduction ? v.fromId : v.toId,
        ciKey: v.fromProduction ? v.from : v.to,
        change: { change: "DISAPPEARED", from: v.from, type: v.type, to: v.to },
        since: v.lastSeen,
        ends: [v.fromId, v.toId],
      });
    }
    const rfcs = await findRfcsCoveringCis(
      tx,
      found.flatMap((f) => f.ends.filter((id): id is string => id !== undefined)),
    );
    return found
      .filter(
        (f) =>
          !rfcs.some(
            (o) =>
              (o.state === "APPROVED" ||
                o.state === "SCHEDULED" ||
                (o.attemptedAt !== null && o.attemptedAt >= f.since)) &&
              proposes(o.operations, f.change),
          ),
      )
      .map(({ ciId, ciKey, change, since }) => ({ ciId, ciKey, change, since }));
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

  /**
   * A page of unauthorized changes, newest first, store-wide or narrowed by CI, source and
   * status (ADR 009 connection).
   */
  async unauthorizedChangesPage(
    scope: DbScope,
    actor: Actor,
    filter: { ciKey?: string | null; source?: string | null; status?: string | null },
    page: PageRequest,
  ): Promise<Page<UnauthorizedChange>> {
    authorize(actor, "reading unauthorized changes", "READER");
    checkPageSize(page.first, MAX_UNAUTHORIZED_PAGE);
    const status = filter.status ?? null;
    if (status !== null && !UNAUTHORIZED_CHANGE_STATUSES.includes(status as never)) {
      throw new ValidationError(
        "filter.status",
        status,
        `must be one of ${UNAUTHORIZED_CHANGE_STATUSES.join(", ")}`,
      );
    }
    const after =
      page.after === null ? null : decodeCursor(UNAUTHORIZED_LIST, page.after, ["s", "s"]);
    const query: UnauthorizedChangeQuery = {
      ciKey: filter.ciKey ?? null,
      source: filter.source ?? null,
      status,
      after: after ? { at: new Date(after[0] as string), id: after[1] as string } : null,
      limit: page.first + 1,
    };
    if (query.after && Number.isNaN(query.after.at.getTime())) {
      throw new ValidationError(
        "after",
        page.after,
        `is not a cursor of the ${UNAUTHORIZED_LIST} list`,
      );
    }
    const rows = await scope.readTransaction((tx) => listUnauthorizedChangesPage(tx, query));
    return pageFromRows(
      rows,
      page,
      UNAUTHORIZED_LIST,
      (u) => [u.detectedAt.toISOString(), u.id],
      () => scope.readTransaction((tx) => countUnauthorizedChanges(tx, query)),
    );
  }

  /**
   * A page of the CIs `source` reported before and no longer reports past its staleness
   * threshold (RETIRED ones left out), by key: what proposeRetirement may retire.
   */
  async staleDiscoveries(
    scope: DbScope,
    actor: Actor,
    source: string,
    page: PageRequest,
  ): Promise<Page<StaleDiscovery>> {
    authorize(actor, "reading stale discoveries", "READER");
    checkPageSize(page.first, MAX_STALE_PAGE);
    checkSourceName(source);
    const after = page.after === null ? null : decodeCursor(STALE_LIST, page.after, ["s"]);
    const rows = await scope.readTransaction((tx) =>
      listStaleSightingsPage(
        tx,
        source,
        (after?.[0] as string | undefined) ?? null,
        page.first + 1,
      ),
    );
    return pageFromRows(
      rows,
      page,
      STALE_LIST,
      (r) => [r.ciKey],
      () => scope.readTransaction((tx) => countStaleSightings(tx, source)),
    );
  }

  /**
   * Drafts one RFC retiring the CIs `source` no longer reports past its staleness threshold
   * (REQUESTER): a RETIRE_CI operation each, at the revision read, the caller its requester.
   * Never retires anything itself. With `ciKeys`, only those (each must be such a CI: VALIDATION
   * naming it otherwise); without, every stale CI of the source that no other source still
   * reports. A CI an open RFC (DRAFT to SCHEDULED) already proposes to retire is left out and
   * listed in `alreadyProposed`; CONFLICT when that leaves none, VALIDATION when there is none.
   * One transaction with the source locked, so two calls at once cannot both draft.
   */
  async proposeRetirement(
    scope: DbScope,
    actor: Actor,
    input: { source: string; ciKeys?: readonly string[] | null },
  ): Promise<{ rfc: Rfc; retiring: StaleDiscovery[]; alreadyProposed: ProposedRetirement[] }> {
    authorize(actor, "proposing the retirement of stale CIs", "REQUESTER");
    checkSourceName(input.source);
    const named = input.ciKeys ?? null;
    if (named !== null && (named.length === 0 || named.length > MAX_RETIREMENT)) {
      throw new ValidationError(
        "ciKeys",
        named.length,
        `must name 1 to ${String(MAX_RETIREMENT)} CIs (or be left out for every stale CI)`,
      );
    }
    return scope.writeTransaction(async (tx) => {
      await lockDiscoverySource(tx, input.source);
      const { retiring, alreadyProposed } = await pickRetirements(tx, input.source, named);
      if (retiring.length === 0 && alreadyProposed.length === 0) {
        throw new ValidationError(
          "source",
          input.source,
          "has no stale CI to retire (none past its staleness threshold that no other source reports)",
        );
      }
      if (retiring.length === 0) {
        const rfcs = [...new Set(alreadyProposed.map((p) => `RFC-${String(p.rfcNumber)}`))];
        throw new ConflictError(
          `every stale CI of source ${input.source} asked for is already proposed for retirement by an open RFC (${rfcs.join(", ")}): see it through or cancel it first`,
          { rfcIds: [...new Set(alreadyProposed.map((p) => p.rfcId))] },
        );
      }
      const rfc = await this.rfcs.createWithin(tx, actor, {
        title:
          `Retire ${String(retiring.length)} CI(s) discovery source ${input.source} no longer reports`.slice(
            0,
            200,
          ),
        description: [
          `Discovery source ${input.source} stopped reporting these CIs; each is past the source's staleness threshold:`,
          ...retiring.map(
            (s) =>
              `- ${s.ciKey} (${s.type}, ${s.lifecycle}): last seen ${s.lastSeen.toISOString()}, ${String(s.missedRuns)} run(s) missed`,
          ),
        ].join("\n"),
        type: "NORMAL",
        priority: "MEDIUM",
        backOutPlan:
          "Back out the RFC: each CI gets back its lifecycle before the retirement (its before-image).",
        affectedCiKeys: retiring.map((s) => s.ciKey),
        operations: retiring.map((s) => ({
          kind: "RETIRE_CI",
          ciKey: s.ciKey,
          revision: s.revision,
        })),
      });
      return { rfc, retiring, alreadyProposed };
    });
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
   * what differed and proposing the operations that describe it (`retrospectiveOperations`);
   * the change then points at it. One transaction: the draft and the mark commit together or
   * not at all. Refused (CONFLICT) when it has one already.
   */
  async openRetrospectiveRfc(
    scope: DbScope,
    actor: Actor,
    id: string,
  ): Promise<{ change: UnauthorizedChange; rfc: Rfc }> {
    authorize(actor, "opening a retrospective RFC for an unauthorized change", "APPROVER");
    // the approver raises it as a requester would; separation of duties keeps them off its approval
    const requester: Actor = { ...actor, roles: [...actor.roles, "REQUESTER"] };
    const meta = writeMeta(actor, "retrospective RFC for an unauthorized change");
    return scope.writeTransaction(async (tx) => {
      const change = await lockUnauthorizedChange(tx, id);
      if (!change) throw new NotFoundError("unauthorized change", id);
      if (change.rfcId !== null) {
        throw new ConflictError(`unauthorized change ${id} has its RFC already`, {
          rfcId: change.rfcId,
        });
      }
      const [ci] = await findCisByIds(tx, [change.ciId]);
      if (!ci) throw new NotFoundError("configuration item", change.ciId);
      const ends = [...new Set(change.relationships.flatMap((r) => [r.from, r.to]))];
      const { operations, leftOut } = retrospectiveOperations(change, {
        ci,
        inForce: await findRelationshipsInForce(tx, change.relationships),
        existingKeys: new Set((await findCisByKeys(tx, ends)).map((c) => c.key)),
      });
      const lines = [
        ...change.changes.map(
          (c) => `- ${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
        ),
        ...change.relationships.map(
          (r) =>
            `- relationship ${r.from} ${r.type} ${r.to}: ${r.change === "APPEARED" ? "appeared (not in the CMDB)" : "disappeared (still in the CMDB)"}`,
        ),
      ];
      const rfc = await this.rfcs.createWithin(tx, requester, {
        title: `Retrospective: unauthorized change of ${change.ciKey}`.slice(0, 200),
        description: [
          `Discovery source ${change.source} found ${change.ciKey} different from the CMDB at ${change.detectedAt.toISOString()}, with no implemented RFC covering it${change.held ? " (held: the CMDB kept its values)" : ""}:`,
          ...lines,
          ...(leftOut.length > 0
            ? [
                "Not proposed as operations (the CMDB agrees already):",
                ...leftOut.map((l) => `- ${l}`),
              ]
            : []),
        ].join("\n"),
        type: "EMERGENCY",
        priority: "HIGH",
        backOutPlan:
          operations.length > 0
            ? "Back out the RFC: the CMDB gets back its before-images. What runs was changed outside any RFC: its owners put it back."
            : null,
        affectedCiKeys: [ci.key],
        operations,
      });
      await markRetrospectiveRfc(tx, id, rfc.id, meta);
      return { change: { ...change, status: "RFC_OPENED", rfcId: rfc.id }, rfc };
    });
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
        under: DERIVED_UNDER,
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

  /**
   * The derived service-to-service dependencies around the CI `key` (READER): those it has on
   * other services (DEPENDENCIES) or other services have on it (DEPENDENTS), each with the
   * component edges behind it. The same rule as `derivedDependencies`, by id, for the map.
   */
  async derivedServiceDependencies(
    scope: DbScope,
    actor: Actor,
    key: string,
    direction: "DEPENDENCIES" | "DEPENDENTS",
  ): Promise<DerivedServiceDependency[]> {
    authorize(actor, "reading derived dependencies", "READER");
    return scope.readTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      const rows = await findDerivedServiceDependencies(tx, key, direction === "DEPENDENTS", {
        under: DERIVED_UNDER,
        dependency: catalogue
          .allRelationshipTypes()
          .filter((t) => t.dependent === "SOURCE")
          .map((t) => t.name),
        serviceTypes: [
          ...catalogue.withSubtypes("ApplicationService"),
          ...catalogue.withSubtypes("BusinessService"),
        ],
      });
      const out = new Map<
        string,
        { fromId: string; toId: string; via: DerivedServiceDependency["via"] }
      >();
      for (const r of rows) {
        const pair = `${r.dependentId} ${r.dependedOnId}`;
        const d = out.get(pair) ?? { fromId: r.dependentId, toId: r.dependedOnId, via: [] };
        d.via.push({ fromId: r.fromId, type: r.type, toId: r.toId });
        out.set(pair, d);
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

/** What makes a CI part of a service for derived dependencies (part to whole). */
const DERIVED_UNDER = ["BELONGS_TO", "PROVIDES"];

export const UNAUTHORIZED_CHANGE_STATUSES = ["OPEN", "RFC_OPENED"] as const;
export const MAX_UNAUTHORIZED_PAGE = 500;
export const MAX_STALE_PAGE = 500;
/** The most CIs one proposed retirement names (an RFC holds at most 500 operations). */
export const MAX_RETIREMENT = 500;
const UNAUTHORIZED_LIST = "unauthorizedChangesConnection";
const STALE_LIST = "staleDiscoveries";

function checkSourceName(source: string): void {
  if (!SOURCE_NAME.test(source)) {
    throw new ValidationError(
      "source",
      source,
      "must be lower-case letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit",
    );
  }
}

function signatureOf(r: RelationshipEntry): string {
  return `${r.from} ${r.type} ${r.to}`;
}

/** A stale CI left out of a proposed retirement: an open RFC already retires it. */
export interface ProposedRetirement {
  readonly ciKey: string;
  readonly rfcId: string;
  readonly rfcNumber: number;
  readonly rfcState: string;
}

/**
 * The stale CIs of `source` a retirement drafts (the `named` ones, or every one no other source
 * reports, up to MAX_RETIREMENT), and those left out because an open RFC has a RETIRE_CI for them.
 */
async function pickRetirements(
  tx: DbTransaction,
  source: string,
  named: readonly string[] | null,
): Promise<{ retiring: StaleDiscovery[]; alreadyProposed: ProposedRetirement[] }> {
  const retiring: StaleDiscovery[] = [];
  const alreadyProposed: ProposedRetirement[] = [];
  const take = async (candidates: StaleDiscovery[]): Promise<void> => {
    const open = await findOpenRfcsOnCis(
      tx,
      candidates.map((c) => c.ciId),
    );
    const retiredBy = new Map<string, OpenRfcOnCis>();
    for (const rfc of open) {
      for (const op of rfc.operations) {
        if (op.kind === "RETIRE_CI" && !retiredBy.has(op.ciId)) retiredBy.set(op.ciId, rfc);
      }
    }
    for (const c of candidates) {
      const rfc = retiredBy.get(c.ciId);
      if (rfc) {
        alreadyProposed.push({
          ciKey: c.ciKey,
          rfcId: rfc.id,
          rfcNumber: rfc.number,
          rfcState: rfc.state,
        });
      } else if (retiring.length < MAX_RETIREMENT) retiring.push(c);
    }
  };
  if (named !== null) {
    const found = new Map(
      (await findStaleSightingsByKeys(tx, source, named)).map((s) => [s.ciKey, s]),
    );
    named.forEach((key, i) => {
      const s = found.get(key);
      if (!s)
        throw new ValidationError(
          `ciKeys[${String(i)}]`,
          key,
          `is not a CI that source ${source} no longer reports past its staleness threshold (or it is RETIRED)`,
        );
      if (s.reportedBy.length > 0)
        throw new ValidationError(
          `ciKeys[${String(i)}]`,
          key,
          `is still reported by ${s.reportedBy.join(", ")}`,
        );
    });
    await take([...found.values()]);
    return { retiring, alreadyProposed };
  }
  // page by key until the RFC is full: CIs already proposed do not count against its cap
  for (let after: string | null = null; retiring.length < MAX_RETIREMENT;) {
    const page = await listStaleSightingsPage(tx, source, after, MAX_STALE_PAGE);
    await take(page.filter((s) => s.reportedBy.length === 0));
    const last = page.at(-1);
    if (page.length < MAX_STALE_PAGE || !last) break;
    after = last.ciKey;
  }
  return { retiring, alreadyProposed };
}

/**
 * The estate with each CI this source discovered before keys named a cluster or workspace
 * under its old key: such a CI keeps its key (and its id, history, RFCs and baselines) when no
 * CI has the new key yet and this source was the first to see the old one. A CI two clusters
 * shared under one old key stays the first one's; the other cluster gets its own new CI.
 */
async function keepLegacyKeys(
  tx: DbTransaction,
  source: string,
  estate: DiscoveredEstate,
): Promise<DiscoveredEstate> {
  const legacy = estate.legacyKeys;
  if (!legacy || legacy.size === 0) return estate;
  const first = await findFirstSightings(tx, [...new Set(legacy.values())]);
  const candidates = [...legacy].filter(([, old]) => first.get(old) === source);
  if (candidates.length === 0) return estate;
  const taken = new Set(
    (
      await findCisByKeys(
        tx,
        candidates.map(([k]) => k),
      )
    ).map((c) => c.key),
  );
  const existing = new Set(
    (
      await findCisByKeys(
        tx,
        candidates.map(([, old]) => old),
      )
    ).map((c) => c.key),
  );
  const rename = new Map(candidates.filter(([k, old]) => !taken.has(k) && existing.has(old)));
  if (rename.size === 0) return estate;
  const key = (k: string): string => rename.get(k) ?? k;
  const edge = (r: RelationshipEntry): RelationshipEntry => ({
    ...r,
    from: key(r.from),
    to: key(r.to),
  });
  return {
    ...estate,
    configurationItems: estate.configurationItems.map((c) => ({ ...c, key: key(c.key) })),
    relationships: estate.relationships.map(edge),
    references: estate.references.map(edge),
  };
}

function refused(input: DiscoveryRunInput, dryRun: boolean, error: ImportError): DiscoveryReport {
  return {
    source: input.source,
    format: input.format,
    dryRun,
    cluster: null,
    workspace: null,
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
