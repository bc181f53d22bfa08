import { describe, expect, it } from "vitest";
import {
  generateEstate,
  MIN_ESTATE_CI_COUNT,
  type EstateOptions,
} from "../../src/demo/estate/generate-estate.js";
import {
  DEFAULT_CI_TYPES,
  DISCOVERY_CI_TYPE_NAMES,
  DEFAULT_RELATIONSHIP_TYPES,
} from "../../src/domain/catalogue/default-catalogue.js";
import type {
  CiEntry,
  RelationshipEntry,
} from "../../src/domain/interchange/interchange-document.js";

interface Materialised {
  cis: CiEntry[];
  relationships: RelationshipEntry[];
  byKey: Map<string, CiEntry>;
  summary: ReturnType<typeof generateEstate>["summary"];
}

function materialise(options: EstateOptions): Materialised {
  const estate = generateEstate(options);
  const cis = [...estate.configurationItems()];
  const relationships = [...estate.relationships()];
  return {
    cis,
    relationships,
    byKey: new Map(cis.map((ci) => [ci.key, ci])),
    summary: estate.summary,
  };
}

function typeOf(estate: Materialised, key: string): string {
  return estate.byKey.get(key)!.type;
}

function tally<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The type and its ancestors in the catalogue. */
function lineage(type: string): string[] {
  const chain: string[] = [];
  for (let t: string | null | undefined = type; t;) {
    chain.push(t);
    t = DEFAULT_CI_TYPES.find((entry) => entry.name === t)?.parent;
  }
  return chain;
}

const ESTATE = materialise({ ciCount: 5000, seed: 42 });
const SMALL = materialise({ ciCount: 400, seed: 2026 });

describe("the estate generator", () => {
  it("is deterministic: the same options give the same entries, another seed another estate", () => {
    const options = { ciCount: 2000, seed: 7 };
    const first = materialise(options);
    const second = materialise(options);
    expect(JSON.stringify(second.cis)).toBe(JSON.stringify(first.cis));
    expect(JSON.stringify(second.relationships)).toBe(JSON.stringify(first.relationships));

    const other = materialise({ ciCount: 2000, seed: 8 });
    expect(JSON.stringify(other.relationships)).not.toBe(JSON.stringify(first.relationships));
  });

  it("yields the same entries each time it is iterated", () => {
    const estate = generateEstate({ ciCount: 300, seed: 3 });
    expect([...estate.relationships()]).toEqual([...estate.relationships()]);
    expect([...estate.configurationItems()]).toEqual([...estate.configurationItems()]);
  });

  it("produces exactly the CIs asked for and relationshipsPerCi relationships per CI (±10%)", () => {
    expect(ESTATE.cis).toHaveLength(5000);
    expect(ESTATE.relationships.length).toBeGreaterThanOrEqual(5000 * 5 * 0.9);
    expect(ESTATE.relationships.length).toBeLessThanOrEqual(5000 * 5 * 1.1);

    const denser = materialise({ ciCount: 3000, seed: 1, relationshipsPerCi: 8 });
    expect(denser.relationships.length / 3000).toBeGreaterThanOrEqual(8 * 0.9);
    expect(denser.relationships.length / 3000).toBeLessThanOrEqual(8 * 1.1);
  });

  it("summarises what it produces", () => {
    expect(ESTATE.summary.ciCount).toBe(ESTATE.cis.length);
    expect(ESTATE.summary.relationshipCount).toBe(ESTATE.relationships.length);
    expect(ESTATE.summary.byType).toEqual(Object.fromEntries(tally(ESTATE.cis, (ci) => ci.type)));
  });

  it("gives every CI a unique, readable key and a name", () => {
    expect(ESTATE.byKey.size).toBe(ESTATE.cis.length);
    for (const ci of ESTATE.cis) {
      expect(ci.key).toMatch(/^[a-z]+-\d{2,}$/);
      expect(ci.name.length).toBeGreaterThan(2);
    }
  });

  it("relates only CIs it generated, never a CI to itself, and never the same pair twice", () => {
    const triples = new Set<string>();
    for (const r of ESTATE.relationships) {
      expect(ESTATE.byKey.has(r.from), r.from).toBe(true);
      expect(ESTATE.byKey.has(r.to), r.to).toBe(true);
      expect(r.from).not.toBe(r.to);
      triples.add(`${r.from} ${r.type} ${r.to}`);
    }
    expect(triples.size).toBe(ESTATE.relationships.length);
  });

  it("uses only the catalogue's CI and relationship types, and their endpoint rules", () => {
    const ciTypes = new Set(DEFAULT_CI_TYPES.map((t) => t.name));
    for (const ci of ESTATE.cis) expect(ciTypes).toContain(ci.type);
    // a rule naming a type admits its subtypes
    const admits = (allowed: string[] | null | undefined, type: string): boolean =>
      !allowed || lineage(type).some((t) => allowed.includes(t));
    for (const r of ESTATE.relationships) {
      const type = DEFAULT_RELATIONSHIP_TYPES.find((t) => t.name === r.type);
      expect(type, r.type).toBeDefined();
      const shape = `${typeOf(ESTATE, r.from)} ${r.type} ${typeOf(ESTATE, r.to)}`;
      expect(admits(type!.allowedSourceTypes, typeOf(ESTATE, r.from)), shape).toBe(true);
      expect(admits(type!.allowedTargetTypes, typeOf(ESTATE, r.to)), shape).toBe(true);
    }
  });

  it("installs only operating systems, exactly one on every server and virtual machine", () => {
    const installed = ESTATE.relationships.filter((r) => r.type === "INSTALLED_ON");
    for (const r of installed) expect(typeOf(ESTATE, r.from)).toBe("OperatingSystem");
    const perHost = tally(installed, (r) => r.to);
    const hosts = ESTATE.cis.filter((ci) => ci.type === "Server" || ci.type === "VirtualMachine");
    for (const host of hosts) expect(perHost.get(host.key), host.key).toBe(1);
  });

  it("gives attributes only the catalogue declares, with their JSON types, and every required one", () => {
    for (const ci of ESTATE.cis) {
      const definitions = lineage(ci.type).flatMap(
        (name) => DEFAULT_CI_TYPES.find((t) => t.name === name)?.attributes ?? [],
      );
      for (const [name, value] of Object.entries(ci.attributes ?? {})) {
        const definition = definitions.find((d) => d.name === name);
        expect(definition, `${ci.type}.${name}`).toBeDefined();
        if (definition!.type === "integer") expect(Number.isInteger(value)).toBe(true);
        else expect(typeof value).toBe(definition!.type);
      }
      for (const required of definitions.filter((d) => d.required)) {
        expect(ci.attributes?.[required.name], `${ci.key} ${required.name}`).toBeDefined();
      }
    }
  });

  it("keeps lifecycle and environment consistent, criticality to business services", () => {
    const environment = { PRODUCTION: "production", TEST: "test", PLANNED: "development" };
    for (const ci of ESTATE.cis) {
      expect(Object.keys(environment)).toContain(ci.lifecycle);
      expect(ci.environment).toBe(environment[ci.lifecycle as keyof typeof environment]);
      expect(ci.owner).toMatch(/^team-/);
      expect(ci.responsibleTeam).toMatch(/^team-/);
      if (ci.type === "BusinessService") expect([1, 2, 3, 4]).toContain(ci.criticality);
      else expect(ci.criticality).toBeUndefined();
    }
    const lifecycles = tally(ESTATE.cis, (ci) => ci.lifecycle ?? "");
    expect(lifecycles.get("PRODUCTION")! / ESTATE.cis.length).toBeGreaterThan(0.75);
    expect(lifecycles.get("TEST")).toBeGreaterThan(0);
    expect(lifecycles.get("PLANNED")).toBeGreaterThan(0);
  });

  it("versions software", () => {
    const software = ["Application", "Middleware", "MessageQueue", "Database", "OperatingSystem"];
    for (const ci of ESTATE.cis.filter((c) => software.includes(c.type))) {
      expect(ci.version, ci.key).toMatch(/\S/);
    }
  });

  it("makes clusters and load balancers redundancy groups their members can satisfy", () => {
    const members = tally(
      ESTATE.relationships.filter((r) => r.type === "MEMBER_OF"),
      (r) => r.to,
    );
    for (const ci of ESTATE.cis.filter((c) => c.type === "Cluster" || c.type === "LoadBalancer")) {
      const minimum = ci.attributes?.["minimumMembers"];
      expect(Number.isInteger(minimum), ci.key).toBe(true);
      expect(minimum as number).toBeGreaterThanOrEqual(1);
      expect(minimum as number).toBeLessThanOrEqual(members.get(ci.key) ?? 0);
      if (ci.type === "Cluster") {
        expect(minimum as number).toBeGreaterThanOrEqual(2);
        expect(members.get(ci.key)).toBeGreaterThanOrEqual(3);
        expect(members.get(ci.key)).toBeLessThanOrEqual(5);
      }
    }
  });

  it("relates CIs only in the shapes of a real estate", () => {
    const shapes = new Set([
      "Rack PART_OF Datacenter",
      "Rack CONTAINS Server",
      "Rack CONTAINS Storage",
      "NetworkDevice CONNECTS_TO NetworkDevice",
      "Storage CONNECTS_TO NetworkDevice",
      "Server CONNECTS_TO NetworkDevice",
      "Server DEPENDS_ON Storage",
      "VirtualMachine HOSTED_ON Server",
      "VirtualMachine CONNECTS_TO NetworkDevice",
      "VirtualMachine DEPENDS_ON Storage",
      "VirtualMachine MEMBER_OF Cluster",
      "VirtualMachine MEMBER_OF LoadBalancer",
      "OperatingSystem INSTALLED_ON Server",
      "OperatingSystem INSTALLED_ON VirtualMachine",
      "Cluster DEPENDS_ON Storage",
      "LoadBalancer CONNECTS_TO NetworkDevice",
      "ContainerImage OWNED_BY Application",
      "Container RUNS_ON Cluster",
      "Container DEPENDS_ON ContainerImage",
      "Database RUNS_ON Cluster",
      "Database RUNS_ON VirtualMachine",
      "Database DEPENDS_ON Storage",
      "MessageQueue RUNS_ON Cluster",
      "MessageQueue RUNS_ON VirtualMachine",
      "MessageQueue DEPENDS_ON Storage",
      "Middleware RUNS_ON VirtualMachine",
      "Application RUNS_ON VirtualMachine",
      "Application RUNS_ON Container",
      "Application RUNS_ON Cluster",
      "Application PROVIDES ApplicationService",
      "Application CONSUMES ApplicationService",
      "Application DEPENDS_ON Database",
      "Application DEPENDS_ON MessageQueue",
      "Application DEPENDS_ON Middleware",
      "ApplicationService HOSTED_ON LoadBalancer",
      "BusinessService DEPENDS_ON ApplicationService",
      "BusinessService DEPENDS_ON Application",
    ]);
    const seen = tally(
      ESTATE.relationships,
      (r) => `${typeOf(ESTATE, r.from)} ${r.type} ${typeOf(ESTATE, r.to)}`,
    );
    for (const shape of seen.keys()) expect(shapes, shape).toContain(shape);
    expect([...shapes].filter((shape) => !seen.has(shape))).toEqual([]);
  });

  it("has a heavy-tailed fan-in: a few shared super-nodes far above the typical CI", () => {
    const inDegree = tally(ESTATE.relationships, (r) => r.to);
    const degrees = ESTATE.cis.map((ci) => inDegree.get(ci.key) ?? 0);
    const max = Math.max(...degrees);
    expect(max).toBeGreaterThanOrEqual(50 * Math.max(1, median(degrees)));

    const top = [...inDegree.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    expect(top.map(([key]) => ESTATE.byKey.get(key)!.name)).toContain("DNS Resolution");
    // the top 1% of CIs take a large share of all incoming edges
    const sorted = [...degrees].sort((a, b) => b - a);
    const topShare = sorted.slice(0, sorted.length / 100).reduce((sum, d) => sum + d, 0);
    expect(topShare / ESTATE.relationships.length).toBeGreaterThan(0.2);
  });

  it("lets every business service reach an application through DEPENDS_ON and PROVIDES", () => {
    const providers = new Map<string, string[]>();
    const dependencies = new Map<string, string[]>();
    for (const r of ESTATE.relationships) {
      if (r.type === "PROVIDES") providers.set(r.to, [...(providers.get(r.to) ?? []), r.from]);
      if (r.type === "DEPENDS_ON") {
        dependencies.set(r.from, [...(dependencies.get(r.from) ?? []), r.to]);
      }
    }
    const reachesApplication = (start: string): boolean => {
      const seen = new Set([start]);
      const queue = [start];
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        if (typeOf(ESTATE, key) === "Application") return true;
        for (const next of [...(dependencies.get(key) ?? []), ...(providers.get(key) ?? [])]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return false;
    };
    const businessServices = ESTATE.cis.filter((ci) => ci.type === "BusinessService");
    expect(businessServices.length).toBeGreaterThan(0);
    for (const bs of businessServices) expect(reachesApplication(bs.key), bs.key).toBe(true);
  });

  it("keeps application CONSUMES mostly acyclic, with a few deliberate cycles", () => {
    const provider = new Map(
      ESTATE.relationships.filter((r) => r.type === "PROVIDES").map((r) => [r.to, r.from]),
    );
    const consumes = new Set<string>();
    let upwards = 0;
    for (const r of ESTATE.relationships.filter((r) => r.type === "CONSUMES")) {
      const producer = provider.get(r.to)!;
      consumes.add(`${r.from} ${producer}`);
      if (producer > r.from) upwards++;
    }
    const mutual = [...consumes].filter((pair) => {
      const [a, b] = pair.split(" ");
      return a! < b! && consumes.has(`${b} ${a}`);
    });
    const applications = ESTATE.summary.byType["Application"]!;
    expect(mutual.length).toBeGreaterThanOrEqual(1);
    expect(upwards).toBeLessThanOrEqual(Math.max(1, applications * 0.005));
  });

  it("fills every layer of the catalogue in an estate of 400 CIs", () => {
    expect(SMALL.cis).toHaveLength(400);
    const present = new Set(SMALL.cis.map((ci) => ci.type));
    expect(
      DEFAULT_CI_TYPES.map((t) => t.name).filter(
        (t) => !present.has(t) && !DISCOVERY_CI_TYPE_NAMES.includes(t),
      ),
    ).toEqual([]);
    expect(SMALL.relationships.length / 400).toBeGreaterThanOrEqual(4.5);
    expect(SMALL.relationships.length / 400).toBeLessThanOrEqual(5.5);
  });

  it("refuses an estate too small to hold every layer", () => {
    expect(() => generateEstate({ ciCount: 10 })).toThrow(RangeError);
    expect(() => generateEstate({ ciCount: MIN_ESTATE_CI_COUNT })).not.toThrow();
  });
});
