import { gql } from "../api.js";
import { addEdge, type ComponentEdge, type MapGraph, type MapNode } from "./map-model.js";

/**
 * Service-to-service dependencies derived by the API (`derivedServiceDependencies`) from component
 * edges, put on the map as edges of their own ("derived", drawn dashed): never stored, so the
 * page asks for them each time it draws.
 */
export interface DerivedDependency {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly via: readonly ComponentEdge[];
}

/** One derived edge as `derivedServiceDependencies` answers it (`from` is the service asked). */
interface DerivedAnswer {
  readonly to: { readonly key: string; readonly name: string; readonly type: string };
  readonly via: readonly {
    readonly from: { readonly key: string };
    readonly type: string;
    readonly to: { readonly key: string };
  }[];
}

function dependencyOf(d: DerivedAnswer): DerivedDependency {
  return {
    key: d.to.key,
    name: d.to.name,
    type: d.to.type,
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

/** Each service's derived dependencies, by the service's key. */
export async function readDerived(
  keys: readonly string[],
): Promise<Map<string, DerivedDependency[]>> {
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
            `d${String(i)}: derivedServiceDependencies(service: { key: $k${String(i)} }) { to { key name type } via { from { key } type to { key } } }`,
        )
        .join(" ");
      const variables = Object.fromEntries(chunk.map((k, i) => [`k${String(i)}`, k]));
      return gql<Record<string, DerivedAnswer[]>>(`query(${vars}) { ${fields} }`, variables).then(
        (data) =>
          chunk.map((k, i) => [k, (data[`d${String(i)}`] ?? []).map(dependencyOf)] as const),
      );
    }),
  );
  return new Map(answers.flat());
}

/** Adds a derived edge between every two services drawn that the API says depend on each other. */
export function addDerived(g: MapGraph, derived: ReadonlyMap<string, DerivedDependency[]>): number {
  const idOf = new Map([...g.nodes.values()].map((n) => [n.key, n.id]));
  let added = 0;
  for (const [from, deps] of derived) {
    const a = idOf.get(from);
    if (!a) continue;
    for (const d of deps) {
      const b = idOf.get(d.key);
      if (!b || a === b) continue;
      addEdge(g, { from: a, to: b, type: DERIVED, derived: d.via });
      added += 1;
    }
  }
  return added;
}

/** The edge type the page gives derived edges (no relationship type has a lower-case name). */
export const DERIVED = "derived";

/**
 * The services-only view: the services given (the seeds, on their rows) and those they depend on
 * through their components, `depth` derivations deep, joined by derived edges only.
 */
export async function servicesGraph(seeds: readonly MapNode[], depth: number): Promise<MapGraph> {
  const g: MapGraph = { nodes: new Map(), edges: [] };
  for (const s of seeds) g.nodes.set(s.id, { ...s });
  const byKey = new Map([...g.nodes.values()].map((n) => [n.key, n]));
  let frontier = [...g.nodes.values()];
  const asked = new Map<string, DerivedDependency[]>();
  for (let step = 0; step < depth && frontier.length > 0; step += 1) {
    const found = await readDerived(frontier.map((n) => n.key));
    const next: MapNode[] = [];
    for (const n of frontier) {
      for (const d of found.get(n.key) ?? []) {
        if (byKey.has(d.key)) continue;
        // the page keys a CI by its id; a derived service is known by its key until expanded
        const node: MapNode = {
          id: `key:${d.key}`,
          key: d.key,
          name: d.name,
          type: d.type,
          layer: n.layer + 1,
          parent: n.id,
        };
        g.nodes.set(node.id, node);
        byKey.set(d.key, node);
        next.push(node);
      }
    }
    for (const [k, v] of found) asked.set(k, v);
    frontier = next;
  }
  // the services of the last row: their derived edges among those drawn
  const rest = [...g.nodes.values()].filter((n) => !asked.has(n.key)).map((n) => n.key);
  for (const [k, v] of await readDerived(rest)) asked.set(k, v);
  addDerived(g, asked);
  return g;
}
