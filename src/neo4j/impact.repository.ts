import { int } from "neo4j-driver";
import type { DbTransaction } from "./database.js";

/** A neighbour reached from a frontier CI across one relationship. */
export interface FrontierStep {
  readonly fromId: string;
  readonly type: string;
  readonly id: string;
  readonly key: string;
  readonly ciType: string;
  readonly criticality: number | null;
  readonly minimumMembers: number | null;
}

/** One level of a walk: every neighbour of the frontier along the given types and directions. */
export async function expandFrontier(
  tx: DbTransaction,
  ids: readonly string[],
  incoming: readonly string[],
  outgoing: readonly string[],
  asOf: Date | null,
): Promise<FrontierStep[]> {
  const rows = asOf
    ? await tx.run("impact/expand-frontier-as-of", {
        ids,
        incoming,
        outgoing,
        asOf: asOf.toISOString(),
      })
    : await tx.run("impact/expand-frontier", { ids, incoming, outgoing });
  return rows.map((r) => ({
    fromId: String(r.fromId),
    type: String(r.type),
    id: String(r.id),
    key: String(r.key),
    ciType: String(r.ciType),
    criticality: (r.criticality as number | null) ?? null,
    minimumMembers: (r.minimumMembers as number | null) ?? null,
  }));
}

/** How many members in force each redundancy group has. */
export async function countGroupMembers(
  tx: DbTransaction,
  ids: readonly string[],
  groupIsTarget: readonly string[],
  groupIsSource: readonly string[],
  asOf: Date | null,
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.run("impact/count-group-members", {
    ids,
    groupIsTarget,
    groupIsSource,
    asOf: asOf?.toISOString() ?? null,
  });
  return new Map(rows.map((r) => [String(r.id), Number(r.members)]));
}

/** One page of the whole dependency graph's edges (source id order); `next` is null at the end. */
export async function listDependencyEdgesPage(
  tx: DbTransaction,
  types: readonly string[],
  after: string | null,
  limit: number,
): Promise<{
  edges: { fromId: string; type: string; toId: string }[];
  next: string | null;
  cis: number;
}> {
  const rows = await tx.run("impact/list-dependency-edges-page", {
    types,
    after,
    limit: int(limit),
  });
  const sources = new Set(rows.map((r) => String(r.fromId)));
  const last = [...sources].sort().pop() ?? null;
  return {
    edges: rows
      .filter((r) => r.type !== null)
      .map((r) => ({ fromId: String(r.fromId), type: String(r.type), toId: String(r.toId) })),
    next: sources.size < limit ? null : last,
    cis: sources.size,
  };
}

/**
 * The in-database walk as parallel lists: entry i of each CI list is the i-th CI reached (roots
 * first, distance 0); parents and edges name CIs by that index.
 */
export interface WalkedGraph {
  readonly ids: string[];
  readonly keys: string[];
  readonly ciTypes: string[];
  readonly criticality: (number | null)[];
  readonly distance: number[];
  /** -1 for a root. */
  readonly parent: number[];
  readonly parentType: (string | null)[];
  readonly reachedThrough: string[][];
  /** The redundancy groups reached (by index), their minimum and members in force. */
  readonly groups: number[];
  readonly groupMinimum: number[];
  readonly groupMembers: number[];
  readonly edgeFrom: number[];
  readonly edgeTo: number[];
  readonly edgeType: string[];
  readonly truncated: boolean;
}

export interface WalkRequest {
  readonly rootIds: readonly string[];
  readonly rootKeys: readonly string[];
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly groupIsTarget: readonly string[];
  readonly groupIsSource: readonly string[];
  readonly maxDepth: number;
  readonly nodeCap: number;
  readonly target: string | null;
}

/** A page of the procedure's answer, as the statement returns it. */
interface WalkPage {
  readonly first: number;
  readonly ids: string[];
  readonly keys: string[];
  readonly ciTypes: string[];
  readonly criticality: (number | null)[];
  readonly distance: number[];
  readonly parent: number[];
  readonly parentType: (string | null)[];
  readonly reachedThrough: string[][];
  readonly causeCount: number[];
  readonly causes: number[];
  readonly causeTypes: string[];
  readonly groups: number[];
  readonly groupMinimum: number[];
  readonly groupMembers: number[];
  readonly truncated: boolean;
}

/**
 * The whole walk in one call of the `graphcmdb.impact.walk` procedure (now, not as of). It
 * answers in pages of a few dozen CIs, each a small Bolt message (a message split across
 * network reads decodes byte by byte in the driver); they are joined here.
 */
export async function walkInDatabase(
  tx: DbTransaction,
  request: WalkRequest,
): Promise<WalkedGraph> {
  const rows = await tx.run("impact/walk-in-database", {
    ...request,
    maxDepth: int(request.maxDepth),
    nodeCap: int(request.nodeCap),
  });
  // plain values: integers are numbers with this driver's settings
  const pages = (rows as unknown as WalkPage[]).sort((a, b) => a.first - b.first);
  const out = {
    ids: [] as string[],
    keys: [] as string[],
    ciTypes: [] as string[],
    criticality: [] as (number | null)[],
    distance: [] as number[],
    parent: [] as number[],
    parentType: [] as (string | null)[],
    reachedThrough: [] as string[][],
    groups: [] as number[],
    groupMinimum: [] as number[],
    groupMembers: [] as number[],
    edgeFrom: [] as number[],
    edgeTo: [] as number[],
    edgeType: [] as string[],
    truncated: pages[0]?.truncated ?? false,
  };
  for (const p of pages) {
    out.ids.push(...p.ids);
    out.keys.push(...p.keys);
    out.ciTypes.push(...p.ciTypes);
    out.criticality.push(...p.criticality);
    out.distance.push(...p.distance);
    out.parent.push(...p.parent);
    out.parentType.push(...p.parentType);
    out.reachedThrough.push(...p.reachedThrough);
    out.groups.push(...p.groups);
    out.groupMinimum.push(...p.groupMinimum);
    out.groupMembers.push(...p.groupMembers);
    const edges = p.causeCount.reduce((a, b) => a + b, 0);
    if (edges !== p.causes.length || edges !== p.causeTypes.length) {
      throw new Error(`graphcmdb.impact.walk: page at ${String(p.first)} lists its edges unevenly`);
    }
    let edge = 0;
    p.causeCount.forEach((count, i) => {
      for (let k = 0; k < count; k++, edge++) {
        out.edgeFrom.push(p.causes[edge] as number);
        out.edgeTo.push(p.first + i);
        out.edgeType.push(p.causeTypes[edge] as string);
      }
    });
  }
  return out;
}

/**
 * The in-database analysis as parallel lists (`graphcmdb.impact.analyse`): entry i of each list
 * is the i-th CI reached (roots first, distance 0). Relationship types are numbers: their place
 * in the request's `incoming` followed by `outgoing`.
 */
export interface AnalysedGraph {
  readonly ids: string[];
  readonly keys: string[];
  readonly ciTypes: string[];
  readonly criticality: (number | null)[];
  readonly distance: number[];
  /** The walk index of the CI it was first reached from; -1 for a root. */
  readonly parent: number[];
  /** The number of that relationship's type; -1 for a root. */
  readonly parentType: number[];
  /** Bit t: type number t reached the CI at its minimum distance. */
  readonly through: number[];
  /** 3 DOWN, 2 DEGRADED, 1 AT_RISK. */
  readonly level: number[];
  readonly truncated: boolean;
}

export interface AnalyseRequest extends Omit<WalkRequest, "target"> {
  /** Membership relationship types (a member and its redundancy group). */
  readonly membership: readonly string[];
  /** DEPENDENTS (what the roots' failure hits) rather than DEPENDENCIES (what they need). */
  readonly dependents: boolean;
}

/** A page of the analysis, as the statement returns it. */
interface AnalysedPage {
  readonly first: number;
  readonly ids: string[];
  readonly keys: string[];
  readonly ciTypes: string[];
  readonly criticality: (number | null)[];
  readonly distance: number[];
  readonly parent: number[];
  readonly parentType: number[];
  readonly through: number[];
  readonly level: number[];
  readonly truncated: boolean;
}

/**
 * The walk and each CI's impact level in one call of `graphcmdb.impact.analyse` (now, not as
 * of): per-CI columns only, no walk edges; pages of a few dozen CIs joined here.
 */
export async function analyseInDatabase(
  tx: DbTransaction,
  request: AnalyseRequest,
): Promise<AnalysedGraph> {
  const rows = await tx.run("impact/analyse-in-database", {
    ...request,
    maxDepth: int(request.maxDepth),
    nodeCap: int(request.nodeCap),
  });
  // plain values: integers are numbers with this driver's settings
  const pages = (rows as unknown as AnalysedPage[]).sort((a, b) => a.first - b.first);
  if (pages.length === 1) return pages[0] as AnalysedPage;
  const join = <K extends keyof AnalysedPage>(k: K): AnalysedPage[K] =>
    ([] as unknown[]).concat(...pages.map((p) => p[k])) as AnalysedPage[K];
  return {
    ids: join("ids"),
    keys: join("keys"),
    ciTypes: join("ciTypes"),
    criticality: join("criticality"),
    distance: join("distance"),
    parent: join("parent"),
    parentType: join("parentType"),
    through: join("through"),
    level: join("level"),
    truncated: pages[0]?.truncated ?? false,
  };
}

/**
 * A row of `graphcmdb.impact.analysePacked`: one string per column for up to 4096 CIs (see
 * PackedAnalysis.java): a number is its value plus one as fixed-width digits of 15 bits, each
 * digit the character of its value plus one.
 */
interface PackedPage {
  readonly first: number;
  readonly count: number;
  readonly ids: string;
  readonly idLengths: string;
  readonly keys: string;
  readonly keyLengths: string;
  readonly typeNames: string[];
  readonly ciTypes: string;
  readonly criticality: string;
  readonly distance: string;
  readonly parent: string;
  readonly parentType: string;
  readonly through: string;
  readonly level: string;
  readonly truncated: boolean;
}

const DIGIT = 32768;

/** Number i of a packed column of two digits. */
function packed2(column: string, i: number): number {
  return (column.charCodeAt(2 * i) - 1) * DIGIT + column.charCodeAt(2 * i + 1) - 2;
}

/** Number i of a packed column of four digits (a mask of at most 52 bits: exact). */
function packed4(column: string, i: number): number {
  let v = 0;
  for (let d = 4 * i; d < 4 * i + 4; d++) v = v * DIGIT + column.charCodeAt(d) - 1;
  return v - 1;
}

/**
 * An analysis walked in Neo4j, as columns: entry i of each is the i-th CI of the walk (roots
 * first, distances never decreasing). Numbers are typed arrays and CI types numbers into
 * `typeNames`, so a CI costs no object of its own; its id is cut from the one string the ids
 * came in only when asked for (a list of keys and distances never reads it).
 */
export class AnalysedColumns {
  readonly count: number;
  readonly keys: readonly string[];
  /** The CI type names `ciType` numbers. */
  readonly typeNames: readonly string[];
  readonly ciType: Int32Array;
  /** -1: none. */
  readonly criticality: Int32Array;
  readonly distance: Int32Array;
  /** The walk index of the CI it was first reached from; -1 for a root. */
  readonly parent: Int32Array;
  /** The number of that relationship's type; -1 for a root. */
  readonly parentType: Int32Array;
  /** Bit t: type number t reached the CI at its minimum distance (at most 52 bits). */
  readonly through: Float64Array;
  /** 3 DOWN, 2 DEGRADED, 1 AT_RISK. */
  readonly level: Int32Array;
  readonly truncated: boolean;
  /** Every id, one after the other; CI i's from idStart[i] to idStart[i + 1]. */
  private readonly idText: string;
  private readonly idStart: Int32Array;

  constructor(
    parts: Omit<AnalysedColumns, "id" | "type" | "criticalityOf" | "toLists" | "count"> & {
      readonly idText: string;
      readonly idStart: Int32Array;
    },
  ) {
    this.count = parts.keys.length;
    this.keys = parts.keys;
    this.typeNames = parts.typeNames;
    this.ciType = parts.ciType;
    this.criticality = parts.criticality;
    this.distance = parts.distance;
    this.parent = parts.parent;
    this.parentType = parts.parentType;
    this.through = parts.through;
    this.level = parts.level;
    this.truncated = parts.truncated;
    this.idText = parts.idText;
    this.idStart = parts.idStart;
  }

  id(i: number): string {
    return this.idText.slice(this.idStart[i], this.idStart[i + 1]);
  }

  type(i: number): string {
    return this.typeNames[this.ciType[i] ?? -1] ?? "";
  }

  criticalityOf(i: number): number | null {
    const c = this.criticality[i] ?? -1;
    return c < 0 ? null : c;
  }

  /** The same columns from per-CI lists (`graphcmdb.impact.analyse`'s answer, tests). */
  static fromLists(g: AnalysedGraph): AnalysedColumns {
    const names = [...new Set(g.ciTypes)];
    const number = new Map(names.map((name, t) => [name, t]));
    const idStart = new Int32Array(g.ids.length + 1);
    g.ids.forEach((id, i) => (idStart[i + 1] = (idStart[i] ?? 0) + id.length));
    return new AnalysedColumns({
      keys: g.keys,
      typeNames: names,
      ciType: Int32Array.from(g.ciTypes, (t) => number.get(t) ?? -1),
      criticality: Int32Array.from(g.criticality, (c) => c ?? -1),
      distance: Int32Array.from(g.distance),
      parent: Int32Array.from(g.parent),
      parentType: Int32Array.from(g.parentType),
      through: Float64Array.from(g.through),
      level: Int32Array.from(g.level),
      truncated: g.truncated,
      idText: g.ids.join(""),
      idStart,
    });
  }

  /** The columns as per-CI lists (what `graphcmdb.impact.analyse` answers). */
  toLists(): AnalysedGraph {
    const each = <T>(f: (i: number) => T): T[] =>
      Array.from({ length: this.count }, (_, i) => f(i));
    return {
      ids: each((i) => this.id(i)),
      keys: [...this.keys],
      ciTypes: each((i) => this.type(i)),
      criticality: each((i) => this.criticalityOf(i)),
      distance: Array.from(this.distance),
      parent: Array.from(this.parent),
      parentType: Array.from(this.parentType),
      through: Array.from(this.through),
      level: Array.from(this.level),
      truncated: this.truncated,
    };
  }
}

/**
 * The same analysis as analyseInDatabase, its columns packed (`graphcmdb.impact.analysePacked`):
 * neo4j-driver decodes a dozen strings per 4096 CIs (natively) instead of nine values per CI,
 * and the columns are read here straight into typed arrays; of the strings, only the keys are
 * cut per CI.
 */
export async function analysePackedInDatabase(
  tx: DbTransaction,
  request: AnalyseRequest,
): Promise<AnalysedColumns> {
  const rows = await tx.run("impact/analyse-packed-in-database", {
    ...request,
    maxDepth: int(request.maxDepth),
    nodeCap: int(request.nodeCap),
  });
  const pages = (rows as unknown as PackedPage[]).sort((a, b) => a.first - b.first);
  let count = 0;
  for (const p of pages) count += p.count;
  const keys = new Array<string>(count);
  const ciType = new Int32Array(count);
  const criticality = new Int32Array(count);
  const distance = new Int32Array(count);
  const parent = new Int32Array(count);
  const parentType = new Int32Array(count);
  const through = new Float64Array(count);
  const level = new Int32Array(count);
  const idStart = new Int32Array(count + 1);
  // each row names its own CI types: numbered here across rows
  const typeNames: string[] = [];
  const typeNumber = new Map<string, number>();
  let at = 0;
  let idAt = 0;
  for (const p of pages) {
    const rowTypes = p.typeNames.map((name) => {
      let t = typeNumber.get(name);
      if (t === undefined) {
        t = typeNames.push(name) - 1;
        typeNumber.set(name, t);
      }
      return t;
    });
    let keyAt = 0;
    for (let i = 0; i < p.count; i++, at++) {
      idStart[at] = idAt;
      idAt += packed2(p.idLengths, i);
      const keyEnd = keyAt + packed2(p.keyLengths, i);
      keys[at] = p.keys.slice(keyAt, keyEnd);
      keyAt = keyEnd;
      ciType[at] = rowTypes[packed2(p.ciTypes, i)] ?? -1;
      criticality[at] = packed2(p.criticality, i);
      distance[at] = packed2(p.distance, i);
      parent[at] = packed2(p.parent, i);
      parentType[at] = packed2(p.parentType, i);
      through[at] = packed4(p.through, i);
      level[at] = packed2(p.level, i);
    }
  }
  idStart[count] = idAt;
  return new AnalysedColumns({
    keys,
    typeNames,
    ciType,
    criticality,
    distance,
    parent,
    parentType,
    through,
    level,
    truncated: pages[0]?.truncated ?? false,
    idText: pages.length === 1 ? (pages[0]?.ids ?? "") : pages.map((p) => p.ids).join(""),
    idStart,
  });
}

/** What this Neo4j's plugins folder gave it of graph-cmdb's walk plugin. */
export interface InstalledWalkPlugin {
  /** `graphcmdb.impact.walk` is there. */
  readonly walk: boolean;
  /** The plugin's version (null: no `graphcmdb.plugin.version`, a jar from before it existed). */
  readonly version: string | null;
  /** The Neo4j version the plugin was compiled against, and the one running it. */
  readonly builtFor: string | null;
  readonly running: string | null;
}

/** Which of graph-cmdb's walk plugin this Neo4j has loaded, and which version. */
export async function findWalkPlugin(tx: DbTransaction): Promise<InstalledWalkPlugin> {
  const [found] = await tx.run("impact/find-walk-procedure");
  const names = (found?.names ?? []) as string[];
  const none = { version: null, builtFor: null, running: null };
  if (!names.includes("graphcmdb.plugin.version")) {
    return { walk: names.includes("graphcmdb.impact.walk"), ...none };
  }
  const [row] = await tx.run("impact/read-walk-plugin-version");
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return {
    walk: names.includes("graphcmdb.impact.walk"),
    version: text(row?.version),
    builtFor: text(row?.builtFor),
    running: text(row?.running),
  };
}
