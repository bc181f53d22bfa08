import { gql } from "../api.js";
import { stepForward } from "./walk.js";

/**
 * The one place the page reads an impact report. Today it asks `impactAnalysis { impacted … }`
 * once and pages, sorts and filters the list in the browser; when the API's paged impact
 * connection lands, `impactedRows` asks the server for a page instead and nothing else in the
 * page changes (ADR 017).
 */
export interface ImpactQuery {
  readonly keys: readonly string[];
  readonly direction: "DEPENDENTS" | "DEPENDENCIES";
  /** null: the server's cap. */
  readonly depth: number | null;
  readonly relationshipTypes: readonly string[];
  readonly ciTypes: readonly string[];
}

export interface CiRef {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: string;
}

export interface ImpactRow {
  readonly ci: CiRef;
  readonly distance: number;
  readonly level: string;
  readonly path: readonly CiRef[];
  readonly pathRelationshipTypes: readonly string[];
  /** The explanation path as text: each step's relationship type, arrows the way it goes. */
  readonly pathText: string;
  /** Business services hit through this CI (by name). */
  readonly services: readonly string[];
}

export interface ServiceHit {
  readonly ci: CiRef & { criticality: number | null };
  readonly distance: number;
  readonly level: string;
}

export interface ImpactSummary {
  readonly changed: readonly CiRef[];
  readonly truncated: boolean;
  readonly counts: { down: number; degraded: number; atRisk: number };
  readonly total: number;
  readonly businessServices: readonly ServiceHit[];
  /** Every row, for the drawing (folded there past its limits). */
  readonly rows: readonly ImpactRow[];
}

export type SortColumn = "level" | "distance" | "key" | "type" | "services";

export interface RowsRequest {
  readonly offset: number;
  readonly first: number;
  readonly sort: SortColumn;
  readonly descending: boolean;
  /** Words every row shown contains (key, name, type, level, services, path), any case. */
  readonly filter: string;
}

interface Answer {
  impactAnalysis: {
    truncated: boolean;
    counts: { down: number; degraded: number; atRisk: number };
    changed: CiRef[];
    impacted: {
      configurationItem: CiRef;
      distance: number;
      impactLevel: string;
      path: CiRef[];
      pathRelationshipTypes: string[];
    }[];
    businessServices: {
      configurationItem: CiRef & { criticality: number | null };
      distance: number;
      impactLevel: string;
    }[];
  };
  relationshipTypes: { name: string; dependent: string }[];
}

const cache = new Map<string, Promise<ImpactSummary>>();

/** The report's summary and every row (asked once per query). */
export function readImpact(q: ImpactQuery): Promise<ImpactSummary> {
  const id = JSON.stringify(q);
  let found = cache.get(id);
  if (!found) {
    found = fetchImpact(q);
    found.catch(() => cache.delete(id));
    cache.clear();
    cache.set(id, found);
  }
  return found;
}

/** One page of the impacted CIs, sorted and filtered. */
export async function impactedRows(
  q: ImpactQuery,
  r: RowsRequest,
): Promise<{ rows: ImpactRow[]; total: number; matching: ImpactRow[] }> {
  const all = (await readImpact(q)).rows;
  const words = r.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = all.filter((row) => {
    const text =
      `${row.ci.key} ${row.ci.name} ${row.ci.type} ${row.level} ${row.services.join(" ")} ${row.pathText}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const sign = r.descending ? -1 : 1;
  const value = (row: ImpactRow): string | number => {
    switch (r.sort) {
      case "level":
        return LEVEL_ORDER[row.level] ?? 9;
      case "distance":
        return row.distance;
      case "type":
        return row.ci.type;
      case "services":
        return row.services.join(", ") || "\uffff";
      default:
        return row.ci.key;
    }
  };
  const sorted = [...matching].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c =
      typeof va === "number" && typeof vb === "number"
        ? va - vb
        : String(va).localeCompare(String(vb));
    return sign * c || a.distance - b.distance || a.ci.key.localeCompare(b.ci.key);
  });
  return {
    rows: sorted.slice(r.offset, r.offset + r.first),
    total: all.length,
    matching: sorted,
  };
}

const LEVEL_ORDER: Record<string, number> = { DOWN: 0, DEGRADED: 1, AT_RISK: 2 };

async function fetchImpact(q: ImpactQuery): Promise<ImpactSummary> {
  const ref = "id key name type";
  const data = await gql<Answer>(
    `query($i: ImpactAnalysisInput!) {
      impactAnalysis(input: $i) {
        truncated counts { down degraded atRisk } changed { ${ref} }
        impacted { configurationItem { ${ref} } distance impactLevel path { ${ref} } pathRelationshipTypes }
        businessServices { configurationItem { ${ref} criticality } distance impactLevel }
      }
      relationshipTypes { name dependent }
    }`,
    {
      i: {
        ciKeys: q.keys,
        direction: q.direction,
        maxDepth: q.depth,
        relationshipTypes: q.relationshipTypes.length ? q.relationshipTypes : null,
        ciTypes: q.ciTypes.length ? q.ciTypes : null,
      },
    },
  );
  const report = data.impactAnalysis;
  const dependent = new Map(data.relationshipTypes.map((t) => [t.name, t.dependent]));
  const sign = q.direction === "DEPENDENCIES" ? 1 : -1;
  // a service is hit through every CI on its explanation path
  const through = new Map<string, string[]>();
  for (const s of report.businessServices) {
    const hit = report.impacted.find((i) => i.configurationItem.id === s.configurationItem.id);
    for (const p of hit?.path ?? [s.configurationItem]) {
      through.set(p.id, [...(through.get(p.id) ?? []), s.configurationItem.name]);
    }
  }
  const rows = report.impacted.map((i): ImpactRow => ({
    ci: i.configurationItem,
    distance: i.distance,
    level: i.impactLevel,
    path: i.path,
    pathRelationshipTypes: i.pathRelationshipTypes,
    pathText: pathText(i.path, i.pathRelationshipTypes, dependent, sign),
    services: [...new Set(through.get(i.configurationItem.id) ?? [])],
  }));
  return {
    changed: report.changed,
    truncated: report.truncated,
    counts: report.counts,
    total: rows.length,
    businessServices: report.businessServices.map((s) => ({
      ci: s.configurationItem,
      distance: s.distance,
      level: s.impactLevel,
    })),
    rows,
  };
}

/**
 * `db-orders ←DEPENDS_ON— app-orders —RUNS_ON→ vm-3`: each step names its relationship type and
 * points from the relationship's source to its target.
 */
export function pathText(
  path: readonly { key: string }[],
  types: readonly string[],
  dependent: ReadonlyMap<string, string>,
  sign: 1 | -1,
): string {
  let text = path[0]?.key ?? "";
  for (let i = 1; i < path.length; i += 1) {
    const type = types[i - 1] ?? "?";
    const forward = stepForward(dependent.get(type), sign);
    text += forward ? ` —${type}→ ` : ` ←${type}— `;
    text += path[i]?.key ?? "";
  }
  return text;
}

/** The rows as CSV (RFC 4180: fields quoted, quotes doubled). */
export function toCsv(rows: readonly ImpactRow[]): string {
  const quote = (v: string | number): string => `"${String(v).replace(/"/g, '""')}"`;
  const head = ["level", "distance", "key", "name", "type", "services", "path"];
  const lines = rows.map((r) =>
    [r.level, r.distance, r.ci.key, r.ci.name, r.ci.type, r.services.join("; "), r.pathText]
      .map(quote)
      .join(","),
  );
  return [head.join(","), ...lines].join("\r\n") + "\r\n";
}
