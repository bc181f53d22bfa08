import { gql } from "../api.js";
import { addEdge, type ComponentEdge, type MapGraph, type MapNode } from "./map-model.js";

/**
 * Service-to-service dependencies derived by the API (`derivedServiceDependencies`) from component
 * edges, put on the map as edges of their own ("derived", drawn dashed): never stored, so the
 * page asks for them each time it draws.
 */
export interface ServiceRef {
  readonly key: string;
  readonly name: string;
  readonly type: string;
}

/** One derived dependency: `from` depends on `to` through these component edges. */
export interface DerivedEdge {
  readonly from: ServiceRef;
  readonly to: ServiceRef;
  readonly via: readonly ComponentEdge[];
}

/** Which way to derive from a service: what it depends on, or what depends on it. */
export type DeriveDirection = "DEPENDENCIES" | "DEPENDENTS";

/** One derived edge as `derivedServiceDependencies` answers it. */
interface DerivedAnswer {
  readonly from: ServiceRef;
  readonly to: ServiceRef;
  readonly via: readonly {
    readonly from: { readonly key: string };
    readonly type: string;
    readonly to: { readonly key: string };
  }[];
}

function edgeOf(d: DerivedAnswer): DerivedEdge {
  return {
    from: d.from,
    to: d.to,
    via: d.via.map((e) => ({ from: e.from.key, type: e.type, to: e.to.key })),
  };
}

/** The CI types the API derives between: business and application services and their subtypes. */
export function serviceTypes(
  types: readonly { name: string; parent: string | null }[],
): Set<string> {
  const out = new Set(["BusinessService", "ApplicationService"]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of types) {
      if (t.parent !== null && out.has(t.parent) && !out.has(t.name)) {
        out.add(t.name);
        grew = true;
      }
    }
  }
  return out;
}

/** The server allows 20 aliases a request: a few services per request, the requests together. */
const PER_REQUEST = 15;

/** Each service's derived dependencies (or dependents), by the service's key. */
export async function readDerived(
  keys: readonly string[],
  direction: DeriveDirection = "DEPENDENCIES",
): Promise<Map<string, DerivedEdge[]>> {
  const unique = [...new Set(keys)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += PER_REQUEST)
    chunks.push(unique.slice(i, i + PER_REQUEST));
  const answers = await Promise.all(
    chunks.map((chunk) => {
      const vars = chunk.map((_, i) => `$k${String(i)}: String!`).join(", ");
      const fields = chunk
        .map(
          (_, i) =>
            `d${String(i)}: derivedServiceDependencies(service: { key: $k${String(i)} }, direction: $dir) { from { key name type } to { key name type } via { from { key } type to { key } } }`,
        )
        .join(" ");
      const variables = {
        dir: direction,
        ...Object.fromEntries(chunk.map((k, i) => [`k${String(i)}`, k])),
      };
      return gql<Record<string, DerivedAnswer[]>>(
        `query($dir: ImpactDirection!, ${vars}) { ${fields} }`,
        variables,
      ).then((data) =>
        chunk.map((k, i) => [k, (data[`d${String(i)}`] ?? []).map(edgeOf)] as const),
      );
    }),
  );
  return new Map(answers.flat());
}

/** Adds a derived edge between every two services drawn that the API says depend on each other. */
export function addDerived(g: MapGraph, derived: Iterable<DerivedEdge>): number {
  const idOf = new Map([...g.nodes.values()].map((n) => [n.key, n.id]));
  let added = 0;
  for (const d of derived) {
    const a = idOf.get(d.from.key);
    const b = idOf.get(d.to.key);
    if (!a || !b || a === b) continue;
    addEdge(g, { from: a, to: b, type: DERIVED, derived: d.via });
    added += 1;
  }
  return added;
}

/** The edge type the page gives derived edges (no relationship type has a lower-case name). */
export const DERIVED = "derived";

/**
 * The services-only view: the services given (the seeds, on their rows), those they depend on
 * through their components (a row down each time) and those depending on them (a row up),
 * `depth` derivations each way as `direction` asks, joined by derived edges only.
 */
export async function servicesGraph(
  seeds: readonly MapNode[],
  depth: number,
  direction: DeriveDirection | "BOTH" = "DEPENDENCIES",
): Promise<MapGraph> {
  const g: MapGraph = { nodes: new Map(), edges: [] };
  for (const s of seeds) g.nodes.set(s.id, { ...s });
  const byKey = new Map([...g.nodes.values()].map((n) => [n.key, n]));
  const edges: DerivedEdge[] = [];
  const askedDown = new Set<string>();
  const walk = async (way: DeriveDirection): Promise<void> => {
    const sign = way === "DEPENDENCIES" ? 1 : -1;
    let frontier = [...seeds];
    for (let step = 0; step < depth && frontier.length > 0; step += 1) {
      const found = await readDerived(
        frontier.map((n) => n.key),
        way,
      );
      const next: MapNode[] = [];
      for (const n of frontier) {
        if (way === "DEPENDENCIES") askedDown.add(n.key);
        for (const d of found.get(n.key) ?? []) {
          edges.push(d);
          const other = way === "DEPENDENCIES" ? d.to : d.from;
          if (byKey.has(other.key)) continue;
          // row 0 is the centre's alone (the map draws what is on it as the centre)
          const layer = n.layer + sign === 0 ? sign : n.layer + sign;
          // the page keys a CI by its id; a derived service is known by its key until expanded
          const node: MapNode = {
            id: `key:${other.key}`,
            key: other.key,
            name: other.name,
            type: other.type,
            layer,
            parent: n.id,
          };
          g.nodes.set(node.id, node);
          byKey.set(other.key, node);
          next.push(node);
        }
      }
      frontier = next;
    }
  };
  if (direction !== "DEPENDENTS") await walk("DEPENDENCIES");
  if (direction !== "DEPENDENCIES") await walk("DEPENDENTS");
  // the derived edges among all those drawn: what each depends on
  const rest = [...g.nodes.values()].filter((n) => !askedDown.has(n.key)).map((n) => n.key);
  for (const found of (await readDerived(rest)).values()) edges.push(...found);
  addDerived(g, edges);
  return g;
}
