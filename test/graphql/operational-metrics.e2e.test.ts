import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer, type TestServer } from "../support/test-server.js";

/** A scrape of /metrics: each sample's value by its name and labels. */
class Scrape {
  private readonly samples = new Map<string, number>();

  constructor(text: string) {
    for (const line of text.split("\n")) {
      if (line.startsWith("#") || line.trim() === "") continue;
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m?.[1] || !m[3]) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
      ) as Record<string, string>;
      this.samples.set(Scrape.id(m[1], labels), Number(m[3]));
    }
  }

  static id(name: string, labels: Record<string, string>): string {
    const sorted = Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k] ?? ""}`);
    return `${name}{${sorted.join(",")}}`;
  }

  /** The sample's value; 0 when the series is not there yet. */
  get(name: string, labels: Record<string, string> = {}): number {
    return this.samples.get(Scrape.id(name, labels)) ?? 0;
  }

  has(name: string, labels: Record<string, string> = {}): boolean {
    return this.samples.has(Scrape.id(name, labels));
  }
}

async function scrape(server: TestServer): Promise<Scrape> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  return new Scrape(await res.text());
}

/** How much each sample moved between two scrapes. */
function moved(before: Scrape, after: Scrape) {
  return (name: string, labels: Record<string, string> = {}): number =>
    after.get(name, labels) - before.get(name, labels);
}

const IMPACT = `query Impact($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) { truncated impacted { configurationItem { key } } }
}`;

const IMPORT = `mutation Import($input: ImportConfigurationInput!) {
  importConfiguration(input: $input) {
    report { applied dryRun errorCount configurationItems { created updated unchanged } relationships { created unchanged } }
  }
}`;

/** Three CIs and two relationships none of the estate has. */
const DOCUMENT = {
  configurationItems: [
    { key: "m-web", name: "Metrics web", type: "Application" },
    { key: "m-db", name: "Metrics DB", type: "Database" },
    { key: "m-vm", name: "Metrics VM", type: "VirtualMachine" },
  ],
  relationships: [
    { from: "m-web", to: "m-db", type: "DEPENDS_ON" },
    { from: "m-db", to: "m-vm", type: "RUNS_ON" },
  ],
};

describe("metrics of the Neo4j pool, impact walks and imports", () => {
  const ctx = useTestDatabase();
  // the test Neo4j has the walk plugin: one server walks with it, the other in Cypher with a
  // node cap of 2
  const procedure = useTestServer({ GRAPH_CMDB_IMPACT_WALK: "procedure" });
  const cypher = useTestServer({
    GRAPH_CMDB_IMPACT_WALK: "cypher",
    GRAPH_CMDB_IMPACT_NODE_CAP: "2",
  });

  beforeEach(async () => {
    const imported = await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
    expect(imported.errorCount).toBe(0);
  });

  it("records each impact walk's size, time and truncation, by the walk that ran it", async () => {
    // vm-1 → cl-web (MEMBER_OF) → app-web (RUNS_ON) → bs-shop (DEPENDS_ON): three CIs reached
    const walked = { kind: "procedure", truncated: "false" };
    const before = await scrape(procedure());
    const res = await procedure().gql<{ impactAnalysis: { impacted: unknown[] } }>(IMPACT, {
      input: { ciKeys: ["vm-1"] },
    });
    expect(res.errors).toEqual([]);
    expect(res.data?.impactAnalysis.impacted).toHaveLength(3);
    const delta = moved(before, await scrape(procedure()));
    expect(delta("graph_cmdb_impact_walk_cis_count", walked)).toBe(1);
    expect(delta("graph_cmdb_impact_walk_cis_sum", walked)).toBe(3);
    expect(delta("graph_cmdb_impact_walk_cis_bucket", { ...walked, le: "1" })).toBe(0);
    expect(delta("graph_cmdb_impact_walk_cis_bucket", { ...walked, le: "5" })).toBe(1);
    expect(delta("graph_cmdb_impact_walk_duration_seconds_count", walked)).toBe(1);
    expect(delta("graph_cmdb_impact_walks_capped_total", { kind: "procedure" })).toBe(0);
    expect(delta("graph_cmdb_impact_walk_cis_count", { kind: "cypher", truncated: "false" })).toBe(
      0,
    );
  });

  it("walks once for one analysis asked twice in a request, and again for another", async () => {
    // two pages of vm-1's report under aliases, and its summary: one walk; vm-2's: a second
    const walked = { kind: "procedure", truncated: "false" };
    const before = await scrape(procedure());
    const res = await procedure().gql<{
      first: { impactedItems: { nodes: { key: string }[]; pageInfo: { endCursor: string } } };
      second: { impactedItems: { nodes: { key: string }[] } };
      summary: { counts: { total: number } };
      other: { counts: { total: number } };
    }>(
      `query Twice($vm1: ImpactAnalysisInput!, $vm2: ImpactAnalysisInput!) {
        first: impactAnalysis(input: $vm1) {
          impactedItems(first: 2) { nodes { key } pageInfo { endCursor } }
        }
        second: impactAnalysis(input: $vm1) { impactedItems(first: 2) { nodes { key } } }
        summary: impactAnalysis(input: $vm1) { counts { total } }
        other: impactAnalysis(input: $vm2) { counts { total } }
      }`,
      { vm1: { ciKeys: ["vm-1"] }, vm2: { ciKeys: ["vm-2"] } },
    );
    expect(res.errors).toEqual([]);
    expect(res.data?.first.impactedItems.nodes.map((n) => n.key)).toEqual(["cl-web", "app-web"]);
    expect(res.data?.second.impactedItems.nodes.map((n) => n.key)).toEqual(["cl-web", "app-web"]);
    expect(res.data?.summary.counts.total).toBe(3);
    expect(res.data?.other.counts.total).toBe(3);
    const delta = moved(before, await scrape(procedure()));
    expect(delta("graph_cmdb_impact_walk_cis_count", walked)).toBe(2);
    expect(delta("graph_cmdb_impact_walk_cis_sum", walked)).toBe(6);

    // the cache is the request's: the same query again walks again
    const again = await scrape(procedure());
    const res2 = await procedure().gql(IMPACT, { input: { ciKeys: ["vm-1"] } });
    expect(res2.errors).toEqual([]);
    expect(
      moved(again, await scrape(procedure()))("graph_cmdb_impact_walk_cis_count", walked),
    ).toBe(1);
  });

  it("counts a walk stopped by the node cap as truncated and capped", async () => {
    const capped = { kind: "cypher", truncated: "true" };
    const before = await scrape(cypher());
    const res = await cypher().gql<{
      impactAnalysis: { truncated: boolean; impacted: unknown[] };
    }>(IMPACT, { input: { ciKeys: ["vm-1"] } });
    expect(res.errors).toEqual([]);
    expect(res.data?.impactAnalysis.truncated).toBe(true);
    const delta = moved(before, await scrape(cypher()));
    expect(delta("graph_cmdb_impact_walk_cis_count", capped)).toBe(1);
    // the cap is 2: the walk kept cl-web and app-web
    expect(delta("graph_cmdb_impact_walk_cis_sum", capped)).toBe(2);
    expect(delta("graph_cmdb_impact_walk_duration_seconds_count", capped)).toBe(1);
    expect(delta("graph_cmdb_impact_walks_capped_total", { kind: "cypher" })).toBe(1);
  });

  it("counts an imported document's CIs and relationships once it is applied, and nothing for one already there", async () => {
    const written = (phase: string) => ({ kind: "document", phase });
    const before = await scrape(procedure());
    const first = await procedure().gql(IMPORT, { input: { document: DOCUMENT } });
    expect(first.errors).toEqual([]);
    const afterFirst = await scrape(procedure());
    let delta = moved(before, afterFirst);
    expect(delta("graph_cmdb_import_items_written_total", written("configurationItems"))).toBe(3);
    expect(delta("graph_cmdb_import_items_written_total", written("relationships"))).toBe(2);
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "applied" })).toBe(1);
    expect(afterFirst.get("graph_cmdb_imports_in_progress", { kind: "document" })).toBe(0);
    expect(afterFirst.get("graph_cmdb_import_items_done", { phase: "configurationItems" })).toBe(0);

    // the same document again changes nothing: applied, nothing written
    await procedure().gql(IMPORT, { input: { document: DOCUMENT } });
    delta = moved(afterFirst, await scrape(procedure()));
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "applied" })).toBe(1);
    expect(delta("graph_cmdb_import_items_written_total", written("configurationItems"))).toBe(0);
    expect(delta("graph_cmdb_import_items_written_total", written("relationships"))).toBe(0);
  });

  it("counts a refused document as refused, writes nothing, and a dry run as a dry run", async () => {
    const refusedDocument = {
      configurationItems: [{ key: "m-orphan", name: "Orphan", type: "Application" }],
      relationships: [{ from: "m-orphan", to: "m-nowhere", type: "DEPENDS_ON" }],
    };
    const before = await scrape(procedure());
    const refused = await procedure().gql<{
      importConfiguration: { report: { applied: boolean; errorCount: number } };
    }>(IMPORT, { input: { document: refusedDocument } });
    expect(refused.data?.importConfiguration.report).toMatchObject({
      applied: false,
      errorCount: 1,
    });
    const dry = await procedure().gql<{
      importConfiguration: { report: { applied: boolean; dryRun: boolean } };
    }>(IMPORT, { input: { document: DOCUMENT, dryRun: true } });
    expect(dry.data?.importConfiguration.report).toMatchObject({ applied: false, dryRun: true });
    const after = await scrape(procedure());
    const delta = moved(before, after);
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "refused" })).toBe(1);
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "dry_run" })).toBe(1);
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "applied" })).toBe(0);
    for (const phase of ["configurationItems", "relationships"])
      expect(delta("graph_cmdb_import_items_written_total", { kind: "document", phase })).toBe(0);
    expect(after.get("graph_cmdb_imports_in_progress", { kind: "document" })).toBe(0);
    const stored = await procedure().gql<{ configurationItem: unknown }>(
      `{ configurationItem(ref: { key: "m-orphan" }) { key } }`,
    );
    expect(stored.errors).toEqual([]);
    expect(stored.data?.configurationItem).toBeNull();
  });

  it("counts a discovery run as an import of kind discovery, with what it wrote", async () => {
    const compose = [
      "services:",
      "  m-api:",
      "    image: example/m-api:1.2",
      "    depends_on: [m-cache]",
      "  m-cache:",
      "    image: redis:7",
      "",
    ].join("\n");
    const before = await scrape(procedure());
    const res = await procedure().gql<{
      runDiscovery: {
        report: {
          applied: boolean;
          configurationItems: { created: number; updated: number };
          relationships: { created: number };
        };
      };
    }>(
      `mutation Discover($input: RunDiscoveryInput!) { runDiscovery(input: $input) { report {
        applied configurationItems { created updated } relationships { created } } } }`,
      { input: { source: "m-compose", format: "COMPOSE", documents: [compose] } },
    );
    expect(res.errors).toEqual([]);
    const report = res.data!.runDiscovery.report;
    expect(report.applied).toBe(true);
    expect(report.configurationItems.created).toBeGreaterThan(0);
    expect(report.relationships.created).toBeGreaterThan(0);
    const delta = moved(before, await scrape(procedure()));
    expect(delta("graph_cmdb_imports_total", { kind: "discovery", outcome: "applied" })).toBe(1);
    expect(
      delta("graph_cmdb_import_items_written_total", {
        kind: "discovery",
        phase: "configurationItems",
      }),
    ).toBe(report.configurationItems.created + report.configurationItems.updated);
    expect(
      delta("graph_cmdb_import_items_written_total", {
        kind: "discovery",
        phase: "relationships",
      }),
    ).toBe(report.relationships.created);
    expect(delta("graph_cmdb_imports_total", { kind: "document", outcome: "applied" })).toBe(0);
  });

  it("shows sessions and connections in use while requests run, and idle again after", async () => {
    const server = procedure();
    const pool = (s: Scrape) => ({
      read: s.get("graph_cmdb_neo4j_sessions_open", { mode: "read" }),
      write: s.get("graph_cmdb_neo4j_sessions_open", { mode: "write" }),
      inUse: s.get("graph_cmdb_neo4j_pool_connections", { state: "in_use" }),
      waiting: s.get("graph_cmdb_neo4j_pool_waiting"),
    });
    const idle = { read: 0, write: 0, inUse: 0, waiting: 0 };
    expect(pool(await scrape(server))).toEqual(idle);

    // a transaction held open is a session and a connection in use
    const db = server.running.app.db;
    const held = await db.scope().writeTransaction(async (tx) => {
      await tx.run("user/count-active-admins");
      return pool(await scrape(server));
    });
    expect(held).toEqual({ read: 0, write: 1, inUse: 1, waiting: 0 });

    // N requests at once, scraped while they run
    const N = 12;
    const requests = Array.from({ length: N }, (_, i) =>
      server.gql(IMPACT, { input: { ciKeys: [i % 2 ? "vm-1" : "host-b"] } }),
    );
    const during = pool(await scrape(server));
    const answers = await Promise.all(requests);
    for (const a of answers) expect(a.errors).toEqual([]);
    expect(during.read + during.write).toBeLessThanOrEqual(N);
    expect(during.inUse).toBeLessThanOrEqual(N);

    const after = await scrape(server);
    expect(pool(after)).toEqual(idle);
    const connections = after.get("graph_cmdb_neo4j_pool_connections", { state: "idle" });
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(after.get("graph_cmdb_neo4j_pool_max_connections"));
    expect(after.get("graph_cmdb_neo4j_pool_max_connections")).toBe(50);
    expect(
      after.has("graph_cmdb_neo4j_connection_failures_total", { code: "ServiceUnavailable" }),
    ).toBe(true);
  });
});
