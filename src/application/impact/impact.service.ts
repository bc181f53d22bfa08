import type { Actor } from "../../domain/actor.js";
import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import { minimumMembersOf, type ConfigurationItem } from "../../domain/ci/configuration-item.js";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import { dependencyCycles, exampleCycle } from "../../domain/impact/dependency-cycles.js";
import { ImpactGraph, type ImpactEdge } from "../../domain/impact/impact-graph.js";
import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import {
  findCisAsOf,
  findCisByIds,
  findCisByKeys,
  findCisByKeysAsOf,
} from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { findWalkPlugin, listDependencyEdgesPage } from "../../neo4j/impact.repository.js";
import { productVersion } from "../../config/product-version.js";
import { authorize } from "../authorization.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { checkReference, type CiReference } from "../ci/ci-reference.js";
import {
  checkPageSize,
  compareKeys,
  mapPage,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import { only } from "../single.js";
import {
  analyseGraphInDatabase,
  pathTo,
  walkGraph,
  walkGraphInDatabase,
  walkTypes,
  type AnalysedWalk,
  type RootRefs,
  type Walk,
  type WalkNode,
  type WalkOptions,
} from "./graph-walk.js";
import { Telemetry, type TelemetrySink, type WalkKind } from "../telemetry.js";
import { chooseWalk, type WalkChoice } from "./walk-choice.js";
import type {
  ImpactDirection,
  ImpactedItem,
  ImpactInput,
  ImpactLimits,
  ImpactReading,
  ImpactReport,
} from "./impact.js";
import { byDistanceThenKey, reportAnalysed, reportItems, WalkItem } from "./impact-report.js";

const MAX_ROOTS = 1000;
/** The most dependency cycles in one page. */
export const MAX_CYCLES_PAGE_SIZE = 1000;
const CYCLE_LIST = "dependencyCycles";

/** A cycle's place in the list: the largest first, then by its smallest member id. */
function cycleKey(members: readonly string[]): CursorKey {
  return [-members.length, members[0] ?? ""];
}
const BUSINESS_SERVICE = "BusinessService";

export interface SinglePointsOfFailure {
  readonly service: ImpactedItem;
  /** CIs whose failure alone takes the service DOWN, nearest first. */
  readonly points: ImpactedItem[];
  /** Every CI the service needs that was examined. */
  readonly examined: number;
  readonly truncated: boolean;
}

export interface DependencyCycle {
  /** Every CI in the cycle's strongly connected component. */
  readonly members: { id: string; key: string }[];
  /** One cycle through them, from and back to its first CI. */
  readonly example: { id: string; key: string }[];
}

export interface DependencyCycleReport {
  readonly count: number;
  readonly cycles: DependencyCycle[];
  readonly examined: number;
  readonly truncated: boolean;
}

export interface DependencyCyclePage {
  readonly cycles: Page<DependencyCycle>;
  readonly examined: number;
  readonly truncated: boolean;
}

export interface DependencyPath {
  readonly path: string[];
  readonly pathTypes: string[];
}

/** What a change hits, how badly and why; what a CI needs; cycles; single points of failure. */
export class ImpactService {
  /** Which walk analyses use, from what Neo4j's plugins gave it: asked once. */
  private choice: Promise<WalkChoice> | null = null;

  constructor(
    readonly limits: ImpactLimits,
    private readonly catalogue: CatalogueService,
    private readonly telemetry: TelemetrySink = new Telemetry(),
  ) {}

  /**
   * The analysis of `input`. Read `whole` (the default), the walk stops at the node cap; read
   * `paged`, at the paged cap: a page bounds what one response carries (ADR 014).
   */
  async analyse(
    scope: DbScope,
    actor: Actor,
    input: ImpactInput,
    reading: ImpactReading = "whole",
  ): Promise<ImpactReport> {
    authorize(actor, "analysing impact", "READER");
    this.depth(input.maxDepth);
    // walked inside Neo4j with the catalogue at hand, an analysis is one statement: no explicit
    // transaction around it, whose BEGIN and COMMIT would cost more than the walk (reading the
    // catalogue takes statements that must share a transaction)
    const oneStatement =
      (input.asOf ?? null) === null &&
      this.catalogue.hasFreshCopy() &&
      (await this.knownInDatabase());
    return oneStatement
      ? scope.readAutoCommit((tx) => this.analyseInTx(tx, input, reading))
      : scope.readTransaction((tx) => this.analyseInTx(tx, input, reading));
  }

  /** The cap a walk read this way runs under. */
  capFor(reading: ImpactReading): number {
    return reading === "paged"
      ? Math.max(this.limits.pagedNodeCap ?? this.limits.nodeCap, this.limits.nodeCap)
      : this.limits.nodeCap;
  }

  /**
   * The analysis inside a transaction the caller holds (an RFC's assessment runs it in the
   * transaction that stores its result); the caller has authorised it.
   */
  async analyseInTx(
    tx: DbTransaction,
    input: ImpactInput,
    reading: ImpactReading = "whole",
  ): Promise<ImpactReport> {
    const direction: ImpactDirection = input.direction ?? "DEPENDENTS";
    const maxDepth = this.depth(input.maxDepth);
    const asOf = input.asOf ?? null;
    const nodeCap = this.capFor(reading);
    const { catalogue } = await this.catalogue.readForAnalysis(tx);
    const relationshipTypes = checkRelationshipTypes(catalogue, input.relationshipTypes ?? null);
    const listed = expandCiTypes(catalogue, input.ciTypes ?? null, "ciTypes");
    const walked = await this.walkFrom(tx, catalogue, input, {
      direction,
      maxDepth,
      nodeCap,
      asOf,
      relationshipTypes,
    });
    const types = walkTypes(catalogue, direction, relationshipTypes);
    const incoming = new Set(types.incoming);
    const context = {
      listed,
      services: new Set(
        catalogue.ciType(BUSINESS_SERVICE) ? catalogue.withSubtypes(BUSINESS_SERVICE) : [],
      ),
      // the walk crossed incoming types against their arrow: seen from the step's start, the
      // relationship comes in
      directionOf: (type: string) => (incoming.has(type) ? "INCOMING" : "OUTGOING"),
      expandTypes: (names: readonly string[]) =>
        expandCiTypes(catalogue, names, "filter.ciTypes") ?? new Set<string>(),
    };
    // the walk in Neo4j computed each CI's level; the others carry their edges to propagate
    const items =
      "analysed" in walked
        ? reportAnalysed(walked.analysed, context)
        : reportItems({
            ...context,
            walk: walked.walk,
            levels: levelsOf(
              walked.walk,
              walked.roots.map((r) => r.id),
              direction,
            ),
          });
    const ran = "analysed" in walked ? walked.analysed : walked.walk;
    return {
      direction,
      roots: walked.roots.map((r) => ({ id: r.id, key: r.key, type: r.type })),
      get impacted() {
        return items.impacted;
      },
      get businessServices() {
        return items.businessServices;
      },
      counts: items.counts,
      truncated: ran.truncated,
      maxDepth,
      depthReached: ran.depthReached,
      nodeCap,
      asOf,
      page: items.page,
    };
  }

  /**
   * The CIs whose failure alone takes the service DOWN: every CI it needs is failed in turn, on
   * the graph of what it needs, honouring redundancy groups (a cluster survives one member).
   */
  async singlePointsOfFailure(
    scope: DbScope,
    actor: Actor,
    ref: CiReference,
    asOf: Date | null = null,
  ): Promise<SinglePointsOfFailure> {
    authorize(actor, "analysing impact", "READER");
    return scope.readTransaction(async (tx) => {
      const { catalogue } = await this.catalogue.readForAnalysis(tx);
      const service = only(await findRoots(tx, refInput(ref), asOf), "the service");
      const walk = await this.walk(tx, catalogue, [rootOf(service)], {
        direction: "DEPENDENCIES",
        maxDepth: this.limits.maxDepth,
        nodeCap: this.limits.nodeCap,
        asOf,
        relationshipTypes: null,
      });
      // fail each CI the service needs, on the same graph turned the way impact flows
      const impactEdges: ImpactEdge[] = walk.edges.map((e) => ({ ...e, from: e.to, to: e.from }));
      const graph = new ImpactGraph(walk.nodes, impactEdges);
      const points = [...walk.nodes.values()]
        .filter((n) => n.distance > 0 && graph.propagate([n.id]).get(service.id) === "DOWN")
        .map((n) => itemOf(walk, n, "DOWN", catalogue))
        .sort(byDistanceThenKey);
      const root = walk.nodes.get(service.id) as WalkNode;
      return {
        service: itemOf(walk, root, "DOWN", catalogue),
        points,
        examined: walk.nodes.size - 1,
        truncated: walk.truncated,
      };
    });
  }

  /**
   * Dependency cycles (strongly connected components of the "needs" graph, with one example
   * cycle each), in the whole CMDB or among what one CI needs: the largest first (then by their
   * smallest member id), at most `first` (1 to 1000).
   */
  async dependencyCycles(
    scope: DbScope,
    actor: Actor,
    under: CiReference | null,
    first = 100,
  ): Promise<DependencyCycleReport> {
    const { cycles, examined, truncated } = await this.dependencyCyclePage(scope, actor, under, {
      first,
      after: null,
    });
    return { count: await cycles.totalCount(), cycles: [...cycles.items], examined, truncated };
  }

  /** The same cycles, a page at a time after the cursor of the page before. */
  async dependencyCyclePage(
    scope: DbScope,
    actor: Actor,
    under: CiReference | null,
    request: PageRequest,
  ): Promise<DependencyCyclePage> {
    authorize(actor, "analysing impact", "READER");
    checkPageSize(request.first, MAX_CYCLES_PAGE_SIZE);
    return scope.readTransaction(async (tx) => {
      const { catalogue } = await this.catalogue.readForAnalysis(tx);
      const needs = new Map<string, string[]>();
      let truncated = false;
      let examined = 0;
      if (under) {
        const root = only(await findRoots(tx, refInput(under), null), "the CI to look under");
        const walk = await this.walk(tx, catalogue, [rootOf(root)], {
          direction: "DEPENDENCIES",
          maxDepth: this.limits.maxDepth,
          nodeCap: this.limits.nodeCap,
          asOf: null,
          relationshipTypes: null,
        });
        for (const e of walk.edges) addEdge(needs, e.from, e.to);
        truncated = walk.truncated;
        examined = walk.nodes.size;
      } else {
        const types = walkTypes(catalogue, "DEPENDENCIES", null);
        const forward = new Set(types.outgoing);
        const all = [...types.incoming, ...types.outgoing];
        let after: string | null = null;
        do {
          const page = await listDependencyEdgesPage(tx, all, after, 10_000);
          for (const e of page.edges) {
            // "needs" orientation: A DEPENDS_ON B (SOURCE): A needs B; A PART_OF B (TARGET): B needs A
            if (forward.has(e.type)) addEdge(needs, e.fromId, e.toId);
            else addEdge(needs, e.toId, e.fromId);
          }
          examined += page.cis;
          after = page.next;
        } while (after !== null);
      }
      const next = (id: string): readonly string[] => needs.get(id) ?? [];
      // keyset order: the largest first, then by smallest member id (a component's members are
      // disjoint from another's, so the key is unique)
      const components = dependencyCycles(needs.keys(), next)
        .map((c) => [...c].sort())
        .sort((a, b) => compareKeys(cycleKey(a), cycleKey(b)));
      const page = pageOfList(components, request, CYCLE_LIST, cycleKey, ["n", "s"]);
      const listed = page.items.map((members) => ({
        members,
        example: exampleCycle(members, next),
      }));
      const ids = [...new Set(listed.flatMap((c) => [...c.members, ...c.example]))];
      const keys = new Map((await findCisByIds(tx, ids)).map((c) => [c.id, c.key]));
      const named = (list: string[]) => list.map((id) => ({ id, key: keys.get(id) ?? id }));
      return {
        cycles: mapPage({ ...page, items: listed }, (c) => ({
          members: named(c.members),
          example: named(c.example),
        })),
        examined,
        truncated,
      };
    });
  }

  /** A shortest chain of relationships along which `from` needs `to` (or, DEPENDENTS, impacts it). */
  async dependencyPath(
    scope: DbScope,
    actor: Actor,
    from: CiReference,
    to: CiReference,
    opts: { direction?: ImpactDirection | null; maxDepth?: number | null; asOf?: Date | null } = {},
  ): Promise<DependencyPath | null> {
    authorize(actor, "analysing impact", "READER");
    const maxDepth = this.depth(opts.maxDepth);
    const asOf = opts.asOf ?? null;
    return scope.readTransaction(async (tx) => {
      const { catalogue } = await this.catalogue.readForAnalysis(tx);
      const start = only(await findRoots(tx, refInput(from), asOf), "the start CI");
      const end = only(await findRoots(tx, refInput(to), asOf), "the end CI");
      const walk = await this.walk(tx, catalogue, [rootOf(start)], {
        direction: opts.direction ?? "DEPENDENCIES",
        maxDepth,
        nodeCap: this.limits.nodeCap,
        asOf,
        relationshipTypes: null,
        target: end.id,
      });
      return walk.nodes.has(end.id) ? pathTo(walk, end.id) : null;
    });
  }

  /**
   * The roots an input names and the walk from them. With the walk plugin, one round trip
   * finds the roots, walks and computes every CI's level (`analysed`, kept as its columns; a
   * reference to no CI is then missing from the walk's roots).
   */
  private async walkFrom(
    tx: DbTransaction,
    catalogue: Catalogue,
    input: ImpactInput,
    opts: WalkOptions,
  ): Promise<
    | { roots: { id: string; key: string; type: string }[]; analysed: AnalysedWalk }
    | { roots: { id: string; key: string; type: string }[]; walk: Walk }
  > {
    const refs = rootRefs(input);
    if (await this.inDatabase(tx, opts.asOf)) {
      const analysed = await this.observedAnalysis(() =>
        analyseGraphInDatabase(tx, catalogue, refs, opts),
      );
      if (analysed) {
        const c = analysed.columns;
        const roots: { id: string; key: string; type: string }[] = [];
        for (let i = 0; i < analysed.roots; i++) {
          roots.push({ id: c.id(i), key: c.keys[i] as string, type: c.type(i) });
        }
        checkFound(refs, roots);
        return { roots, analysed };
      }
      const walk = await this.observed("procedure", () =>
        walkGraphInDatabase(tx, catalogue, refs, opts),
      );
      const roots: WalkNode[] = [];
      for (const n of walk.nodes.values()) {
        // roots come first in the walk's order
        if (n.distance > 0) break;
        roots.push(n);
      }
      checkFound(refs, roots);
      return {
        roots: roots.map((n) => ({ id: n.id, key: n.key, type: n.ciType })),
        walk,
      };
    }
    const roots = await findRoots(tx, input, opts.asOf);
    const walk = await this.observed("cypher", () =>
      walkGraph(tx, catalogue, roots.map(rootOf), opts),
    );
    return { roots, walk };
  }

  /** A walk from roots already found: in Neo4j when it can, else level by level. */
  private async walk(
    tx: DbTransaction,
    catalogue: Catalogue,
    roots: readonly ReturnType<typeof rootOf>[],
    opts: WalkOptions,
  ): Promise<Walk> {
    if (await this.inDatabase(tx, opts.asOf)) {
      return this.observed("procedure", () =>
        walkGraphInDatabase(tx, catalogue, { ids: roots.map((r) => r.id), keys: [] }, opts),
      );
    }
    return this.observed("cypher", () => walkGraph(tx, catalogue, roots, opts));
  }

  /**
   * Every walk passes here (analyses, single points of failure, cycles under a CI, paths): its
   * size, cap and time go to the telemetry. A walk that fails is not counted.
   */
  private async observed(kind: WalkKind, walking: () => Promise<Walk>): Promise<Walk> {
    const started = performance.now();
    const walk = await walking();
    let reached = 0;
    for (const n of walk.nodes.values()) if (n.distance > 0) reached += 1;
    this.telemetry.walked({
      kind,
      reached,
      truncated: walk.truncated,
      seconds: (performance.now() - started) / 1000,
    });
    return walk;
  }

  /** An analysis walked in Neo4j, to the telemetry as `observed` does (none: not counted). */
  private async observedAnalysis(
    analysing: () => Promise<AnalysedWalk | null>,
  ): Promise<AnalysedWalk | null> {
    const started = performance.now();
    const analysed = await analysing();
    if (analysed) {
      this.telemetry.walked({
        kind: "procedure",
        reached: analysed.columns.count - analysed.roots,
        truncated: analysed.truncated,
        seconds: (performance.now() - started) / 1000,
      });
    }
    return analysed;
  }

  /**
   * The walk analyses use (graph as it is now): the plugin's procedure when this Neo4j loaded
   * graph-cmdb-walk of this product's version, else the Cypher walk (see chooseWalk). Asked of
   * Neo4j once; the server asks at startup to log it, and `/readyz` shows it.
   */
  async walkInUse(scope: DbScope): Promise<WalkChoice> {
    return this.choose((work) => scope.readTransaction(work));
  }

  private choose(
    inTx: (work: (tx: DbTransaction) => Promise<WalkChoice>) => Promise<WalkChoice>,
  ): Promise<WalkChoice> {
    this.choice ??= inTx(async (tx) =>
      chooseWalk(this.limits.walk ?? "auto", await findWalkPlugin(tx), productVersion()),
    ).catch((e: unknown) => {
      this.choice = null;
      throw e;
    });
    return this.choice;
  }

  /** Whether walks run in Neo4j, as far as is known without asking it. */
  private async knownInDatabase(): Promise<boolean> {
    const mode = this.limits.walk ?? "auto";
    if (mode !== "auto") return mode === "procedure";
    return this.choice !== null && (await this.choice.catch(() => null))?.engine === "procedure";
  }

  private async inDatabase(tx: DbTransaction, asOf: Date | null): Promise<boolean> {
    const mode = this.limits.walk ?? "auto";
    if (asOf !== null || mode === "cypher") return false;
    if (mode === "procedure") return true;
    return (await this.choose((work) => work(tx))).engine === "procedure";
  }

  private depth(requested: number | null | undefined): number {
    if (requested === null || requested === undefined) return this.limits.maxDepth;
    if (!Number.isInteger(requested) || requested < 1 || requested > this.limits.maxDepth) {
      throw new ValidationError(
        "maxDepth",
        requested,
        `must be from 1 to ${String(this.limits.maxDepth)} (the server's cap)`,
      );
    }
    return requested;
  }
}

function refInput(ref: CiReference): ImpactInput {
  const checked = checkReference("ci", ref);
  return "id" in checked ? { ciIds: [checked.id] } : { ciKeys: [checked.key] };
}

/** The distinct CI keys and ids an input names, at least one and at most MAX_ROOTS. */
function rootRefs(input: ImpactInput): RootRefs {
  const keys = [...new Set(input.ciKeys ?? [])];
  const ids = [...new Set(input.ciIds ?? [])];
  if (keys.length + ids.length === 0) {
    throw new ValidationError("ciKeys", [], "name at least one CI (ciKeys or ciIds)");
  }
  if (keys.length + ids.length > MAX_ROOTS) {
    throw new ValidationError(
      "ciKeys",
      keys.length + ids.length,
      `at most ${String(MAX_ROOTS)} CIs at once`,
    );
  }
  return { ids, keys };
}

/** NOT_FOUND for the first key or id that names none of the CIs found. */
function checkFound(refs: RootRefs, found: readonly { id: string; key: string }[]): void {
  for (const key of refs.keys)
    if (!found.some((c) => c.key === key))
      throw new NotFoundError("configuration item", `key ${key}`);
  for (const id of refs.ids)
    if (!found.some((c) => c.id === id)) throw new NotFoundError("configuration item", `id ${id}`);
}

async function findRoots(
  tx: DbTransaction,
  input: ImpactInput,
  asOf: Date | null,
): Promise<ConfigurationItem[]> {
  const { keys, ids } = rootRefs(input);
  // as of an instant, keys name the CIs that had them then (keys can change)
  const byKey = keys.length
    ? await (asOf ? findCisByKeysAsOf(tx, [...keys], asOf) : findCisByKeys(tx, [...keys]))
    : [];
  const byId = ids.length ? await findCisByIds(tx, [...ids]) : [];
  checkFound({ ids, keys }, [...byKey, ...byId]);
  const now = [...new Map([...byKey, ...byId].map((c) => [c.id, c])).values()];
  if (asOf === null) return now;
  const then = await findCisAsOf(
    tx,
    now.map((c) => c.id),
    asOf,
  );
  if (then.length < now.length) {
    const missing = now.find((c) => !then.some((t) => t.id === c.id)) as ConfigurationItem;
    throw new NotFoundError("configuration item (at asOf)", `key ${missing.key}`);
  }
  return then;
}

function rootOf(ci: ConfigurationItem): {
  id: string;
  key: string;
  type: string;
  criticality: number | null;
  minimumMembers: number | null;
} {
  return {
    id: ci.id,
    key: ci.key,
    type: ci.type,
    criticality: ci.criticality,
    minimumMembers: minimumMembersOf(ci),
  };
}

function levelsOf(
  walk: Walk,
  roots: string[],
  direction: ImpactDirection,
): Map<string, ImpactLevel> {
  const graph = new ImpactGraph(walk.nodes, walk.edges);
  if (direction === "DEPENDENTS") return graph.propagate(roots);
  return graph.needs(roots, (groupId) => {
    const g = walk.nodes.get(groupId);
    if (g?.minimumMembers == null) return "DOWN";
    return (g.totalMembers ?? 0) - 1 >= g.minimumMembers ? "DEGRADED" : "DOWN";
  });
}

/** SPOF items: what a CI needs, seen the way the walk of needs went. */
function itemOf(walk: Walk, n: WalkNode, level: ImpactLevel, catalogue: Catalogue): ImpactedItem {
  const incoming = new Set(walkTypes(catalogue, "DEPENDENCIES", null).incoming);
  return new WalkItem(walk, n, level, (type) => (incoming.has(type) ? "INCOMING" : "OUTGOING"));
}

function checkRelationshipTypes(
  catalogue: Catalogue,
  types: readonly string[] | null,
): string[] | null {
  if (types === null) return null;
  for (const t of types) {
    const def = catalogue.relationshipType(t);
    if (!def) throw new ValidationError("relationshipTypes", t, "is not a relationship type");
    if (def.dependent === "NONE") {
      throw new ValidationError(
        "relationshipTypes",
        t,
        "carries no impact (its dependent end is NONE)",
      );
    }
  }
  return [...types];
}

function expandCiTypes(
  catalogue: Catalogue,
  types: readonly string[] | null,
  field: string,
): Set<string> | null {
  if (types === null) return null;
  const out = new Set<string>();
  for (const t of types) {
    if (!catalogue.ciType(t)) throw new ValidationError(field, t, "is not a CI type");
    for (const s of catalogue.withSubtypes(t)) out.add(s);
  }
  return out;
}

function addEdge(map: Map<string, string[]>, from: string, to: string): void {
  const list = map.get(from);
  if (list) list.push(to);
  else map.set(from, [to]);
  if (!map.has(to)) map.set(to, []);
}
