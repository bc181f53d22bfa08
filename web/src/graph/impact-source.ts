import { gql } from "../api.js";

/**
 * The one place the page reads impact reports: a live analysis (`impactAnalysis`) or an RFC's
 * stored assessment. The summary comes at once; the impacted CIs come a page at a time from the
 * API's `impactedItems` connection (ordered by distance, then level, then key; filtered by level
 * and CI type on the server), never as one whole list (ADR 017, ADR 021).
 */
export interface ImpactQuery {
  readonly keys: readonly string[];
  readonly direction: "DEPENDENTS" | "DEPENDENCIES";
  /** null: the server's cap. */
  readonly depth: number | null;
  readonly relationshipTypes: readonly string[];
  readonly ciTypes: readonly string[];
}

/** Where the impacted CIs of a table come from. */
export type ImpactSource =
  | { readonly kind: "analysis"; readonly query: ImpactQuery }
  | { readonly kind: "assessment"; readonly rfcId: string };

export interface CiRef {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: string;
}

export interface PathStep {
  readonly from: string;
  readonly to: string;
  readonly relationshipType: string;
  readonly direction: "OUTGOING" | "INCOMING";
}

/** One impacted CI as the table shows it. */
export interface ImpactRow {
  readonly id: string;
  readonly key: string;
  /** null: the CI is gone since it was assessed. */
  readonly name: string | null;
  readonly type: string;
  readonly level: string;
  readonly distance: number;
  readonly criticality: number | null;
  readonly steps: readonly PathStep[];
  /** The explanation path as text: each step's relationship type, arrows the way it goes. */
  readonly pathText: string;
  /** Business services hit through this CI (by name). */
  readonly services: readonly string[];
}

export interface ServiceHit {
  readonly ci: CiRef & { criticality: number | null };
  readonly distance: number;
  readonly level: string;
  readonly steps: readonly PathStep[];
}

/** A CI for the drawing: the first pages of the report (nearest first). */
export interface DrawnItem {
  readonly configurationItem: CiRef;
  readonly impactLevel: string;
  readonly path: { id: string }[];
  readonly pathRelationshipTypes: string[];
  readonly steps: readonly PathStep[];
}

export interface ImpactSummary {
  readonly changed: readonly CiRef[];
  readonly truncated: boolean;
  readonly depthReached: number;
  readonly maxDepth: number;
  readonly counts: { total: number; down: number; degraded: number; atRisk: number };
  readonly businessServices: readonly ServiceHit[];
  /** Key of a CI → the business services whose explanation path passes through it. */
  readonly through: ReadonlyMap<string, readonly string[]>;
  /** The nearest CIs (at most DRAWN_AT_MOST), for the drawing (folded there past its limits). */
  readonly drawn: readonly DrawnItem[];
}

/** A table's filter, sent to the server as `ImpactedConfigurationItemFilter`. */
export interface RowsFilter {
  readonly levels: readonly string[];
  readonly ciTypes: readonly string[];
}

export interface RowsPage {
  readonly rows: ImpactRow[];
  readonly totalCount: number;
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** How many of the nearest impacted CIs the drawing asks for (the map folds past 300 boxes). */
export const DRAWN_AT_MOST = 1000;
/** The API's largest page (`MAX_IMPACTED_PAGE_SIZE`): the CSV export reads pages this size. */
export const EXPORT_PAGE = 1000;

const REF = "id key name type";
const STEPS = "pathSteps { from to relationshipType direction }";
/** The fields an impacted CI and an assessed one share (docs/impact-shape.md). */
const ROW_FIELDS = `id key type level distance criticality ${STEPS} configurationItem { name }`;

function analysisInput(q: ImpactQuery): Record<string, unknown> {
  return {
    ciKeys: q.keys,
    direction: q.direction,
    maxDepth: q.depth,
    relationshipTypes: q.relationshipTypes.length ? q.relationshipTypes : null,
    ciTypes: q.ciTypes.length ? q.ciTypes : null,
  };
}

interface RawService {
  distance: number;
  level: string;
  pathSteps: PathStep[];
  configurationItem: (CiRef & { criticality: number | null }) | null;
  key: string;
  type: string;
  criticality: number | null;
  id: string;
}

interface SummaryAnswer {
  impactAnalysis: {
    truncated: boolean;
    depthReached: number;
    maxDepth: number;
    counts: ImpactSummary["counts"];
    changed: CiRef[];
    businessServices: RawService[];
    impactedItems: {
      nodes: {
        level: string;
        configurationItem: CiRef;
        path: { id: string }[];
        pathSteps: PathStep[];
      }[];
    };
  };
}

/** The summary of a live analysis and the nearest CIs for the drawing, in one request. */
export async function readImpactSummary(q: ImpactQuery): Promise<ImpactSummary> {
  const data = await gql<SummaryAnswer>(
    `query ImpactSummary($i: ImpactAnalysisInput!, $draw: Int!) {
      impactAnalysis(input: $i) {
        truncated depthReached maxDepth counts { total down degraded atRisk } changed { ${REF} }
        businessServices { id key type criticality distance level ${STEPS} configurationItem { ${REF} criticality } }
        impactedItems(first: $draw) { nodes { level configurationItem { ${REF} } path { id } ${STEPS} } }
      }
    }`,
    { i: analysisInput(q), draw: DRAWN_AT_MOST },
  );
  const r = data.impactAnalysis;
  const businessServices = services(r.businessServices);
  return {
    changed: r.changed,
    truncated: r.truncated,
    depthReached: r.depthReached,
    maxDepth: r.maxDepth,
    counts: r.counts,
    businessServices,
    through: servicesThrough(businessServices),
    drawn: r.impactedItems.nodes.map((n) => ({
      configurationItem: n.configurationItem,
      impactLevel: n.level,
      path: n.path,
      pathRelationshipTypes: n.pathSteps.map((s) => s.relationshipType),
      steps: n.pathSteps,
    })),
  };
}

/** A CI of a table's page for the drawing: its path as CIs, so the CIs between are drawn too. */
export type PlacedItem = Omit<DrawnItem, "path"> & { readonly path: CiRef[] };

/**
 * The CIs of one page of a live analysis's table (same `first`, `after` and filter as the
 * table's), with their whole explanation paths, for the drawing ("show these on the map").
 */
export async function pageForDrawing(
  q: ImpactQuery,
  request: { first: number; after: string | null; filter: RowsFilter },
): Promise<PlacedItem[]> {
  const data = await gql<{
    impactAnalysis: {
      impactedItems: {
        nodes: { level: string; configurationItem: CiRef; path: CiRef[]; pathSteps: PathStep[] }[];
      };
    };
  }>(
    `query ImpactPageDrawn($i: ImpactAnalysisInput!, $first: Int!, $after: String, $f: ImpactedConfigurationItemFilter) {
      impactAnalysis(input: $i) { impactedItems(first: $first, after: $after, filter: $f) { nodes { level configurationItem { ${REF} } path { ${REF} } ${STEPS} } } }
    }`,
    {
      i: analysisInput(q),
      first: request.first,
      after: request.after,
      f: {
        levels: request.filter.levels.length ? request.filter.levels : null,
        ciTypes: request.filter.ciTypes.length ? request.filter.ciTypes : null,
      },
    },
  );
  return data.impactAnalysis.impactedItems.nodes.map((n) => ({
    configurationItem: n.configurationItem,
    impactLevel: n.level,
    path: n.path,
    pathRelationshipTypes: n.pathSteps.map((s) => s.relationshipType),
    steps: n.pathSteps,
  }));
}

/** Business services as the API lists them (most critical first, then nearest), by name. */
export function services(raw: readonly RawService[]): ServiceHit[] {
  return raw.map((s) => ({
    ci: s.configurationItem ?? {
      id: s.id,
      key: s.key,
      name: s.key,
      type: s.type,
      criticality: s.criticality,
    },
    distance: s.distance,
    level: s.level,
    steps: s.pathSteps,
  }));
}

/** Each CI on a service's explanation path is one the service is hit through. */
export function servicesThrough(hits: readonly ServiceHit[]): Map<string, string[]> {
  const through = new Map<string, string[]>();
  for (const s of hits) {
    const keys = new Set([s.ci.key, ...s.steps.flatMap((st) => [st.from, st.to])]);
    for (const k of keys) {
      const list = through.get(k) ?? [];
      if (!list.includes(s.ci.name)) list.push(s.ci.name);
      through.set(k, list);
    }
  }
  return through;
}

interface RawRow {
  id: string;
  key: string;
  type: string;
  level: string;
  distance: number;
  criticality: number | null;
  pathSteps: PathStep[];
  configurationItem: { name: string } | null;
}

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: RawRow[];
}

const CONNECTION = `totalCount pageInfo { hasNextPage endCursor } nodes { ${ROW_FIELDS} }`;

/** One page of the impacted CIs, in the server's order, filtered on the server. */
export async function impactedPage(
  source: ImpactSource,
  request: { first: number; after: string | null; filter: RowsFilter },
  through: ReadonlyMap<string, readonly string[]>,
): Promise<RowsPage> {
  const filter = {
    levels: request.filter.levels.length ? request.filter.levels : null,
    ciTypes: request.filter.ciTypes.length ? request.filter.ciTypes : null,
  };
  let connection: Connection;
  if (source.kind === "analysis") {
    const data = await gql<{ impactAnalysis: { impactedItems: Connection } }>(
      `query ImpactPage($i: ImpactAnalysisInput!, $first: Int!, $after: String, $f: ImpactedConfigurationItemFilter) {
        impactAnalysis(input: $i) { impactedItems(first: $first, after: $after, filter: $f) { ${CONNECTION} } }
      }`,
      { i: analysisInput(source.query), first: request.first, after: request.after, f: filter },
    );
    connection = data.impactAnalysis.impactedItems;
  } else {
    const data = await gql<{
      rfc: { assessment: { impactedItems: Connection } | null } | null;
    }>(
      `query AssessmentPage($id: ID!, $first: Int!, $after: String, $f: ImpactedConfigurationItemFilter) {
        rfc(ref: { id: $id }) { assessment { impactedItems(first: $first, after: $after, filter: $f) { ${CONNECTION} } } }
      }`,
      { id: source.rfcId, first: request.first, after: request.after, f: filter },
    );
    const found = data.rfc?.assessment?.impactedItems;
    if (!found) return { rows: [], totalCount: 0, endCursor: null, hasNextPage: false };
    connection = found;
  }
  return {
    rows: connection.nodes.map((n) => toRow(n, through)),
    totalCount: connection.totalCount,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

function toRow(n: RawRow, through: ReadonlyMap<string, readonly string[]>): ImpactRow {
  return {
    id: n.id,
    key: n.key,
    name: n.configurationItem?.name ?? null,
    type: n.type,
    level: n.level,
    distance: n.distance,
    criticality: n.criticality,
    steps: n.pathSteps,
    pathText: pathText(n.pathSteps, n.key),
    services: through.get(n.key) ?? [],
  };
}

/**
 * `db-orders ←DEPENDS_ON— app-orders —RUNS_ON→ vm-3`: from the changed CI to this one, each
 * step names its relationship type and points from the relationship's source to its target.
 */
export function pathText(steps: readonly PathStep[], key: string): string {
  if (steps.length === 0) return key;
  let text = steps[0]?.from ?? key;
  for (const s of steps) {
    text += s.direction === "OUTGOING" ? ` —${s.relationshipType}→ ` : ` ←${s.relationshipType}— `;
    text += s.to;
  }
  return text;
}

/** The keys along a row's path, from the changed CI to the row's own. */
export function pathKeys(row: Pick<ImpactRow, "steps" | "key">): string[] {
  return row.steps.length ? [row.steps[0]?.from ?? "", ...row.steps.map((s) => s.to)] : [row.key];
}

export const CSV_HEAD = ["level", "distance", "key", "name", "type", "services", "path"];

/** Rows as CSV lines (RFC 4180: fields quoted, quotes doubled), each ending in CRLF. */
export function csvLines(rows: readonly ImpactRow[]): string {
  const quote = (v: string | number): string => `"${String(v).replace(/"/g, '""')}"`;
  return rows
    .map(
      (r) =>
        [r.level, r.distance, r.key, r.name ?? "", r.type, r.services.join("; "), r.pathText]
          .map(quote)
          .join(",") + "\r\n",
    )
    .join("");
}

/**
 * Every row matching `filter` as CSV, read page after page (`EXPORT_PAGE` a request, never one
 * giant answer); `progress` is told how many rows are in so far.
 */
export async function exportCsv(
  source: ImpactSource,
  filter: RowsFilter,
  through: ReadonlyMap<string, readonly string[]>,
  progress: (done: number, total: number) => void,
): Promise<Blob> {
  const parts: string[] = [CSV_HEAD.join(",") + "\r\n"];
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const page = await impactedPage(source, { first: EXPORT_PAGE, after, filter }, through);
    parts.push(csvLines(page.rows));
    done += page.rows.length;
    progress(done, page.totalCount);
    if (!page.hasNextPage || page.endCursor === null) break;
    after = page.endCursor;
  }
  return new Blob(parts, { type: "text/csv" });
}
