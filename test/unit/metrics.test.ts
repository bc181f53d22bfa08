import { describe, expect, it } from "vitest";
import { Telemetry, watchImport } from "../../src/application/telemetry.js";
import { Metrics } from "../../src/http/metrics.js";

describe("metric labels", () => {
  const external = () => ({ state: "external", restarts: 0 });

  it("keep GraphQL operation names, name the rest, and stop growing past 200 names", () => {
    const metrics = new Metrics(external);
    expect(metrics.operationLabel("ImpactOf")).toBe("ImpactOf");
    expect(metrics.operationLabel(null)).toBe("anonymous");
    expect(metrics.operationLabel("not a name")).toBe("invalid");
    expect(metrics.operationLabel("x".repeat(65))).toBe("invalid");
    for (let i = 0; i < 300; i++) metrics.operationLabel(`Op${String(i)}`);
    expect(metrics.operationLabel("Op198")).toBe("Op198");
    expect(metrics.operationLabel("Op250")).toBe("other");
    expect(metrics.operationLabel("ImpactOf")).toBe("ImpactOf");
  });

  it("report the embedded Neo4j down while it restarts, and its restarts", async () => {
    let health = { state: "up", restarts: 0 };
    const metrics = new Metrics(() => health);
    expect(await metrics.registry.getSingleMetricAsString("graph_cmdb_neo4j_up")).toMatch(/ 1$/);
    health = { state: "restarting", restarts: 2 };
    expect(await metrics.registry.getSingleMetricAsString("graph_cmdb_neo4j_up")).toMatch(/ 0$/);
    expect(await metrics.registry.getSingleMetricAsString("graph_cmdb_neo4j_restarts")).toMatch(
      / 2$/,
    );
  });
});

describe("import metrics", () => {
  const external = () => ({ state: "external", restarts: 0 });
  const value = async (metrics: Metrics, name: string, labels: string): Promise<number> => {
    const text = await metrics.registry.getSingleMetricAsString(name);
    const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
    if (line === undefined) throw new Error(`no ${name}{${labels}} in:\n${text}`);
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  };

  it("show an import's progress while it runs, sum imports running at once, and drop them when they end", async () => {
    const metrics = new Metrics(external);
    const document = metrics.importStarted("document");
    const discovery = metrics.importStarted("discovery");
    document.progress("configurationItems", 2000, 5000);
    discovery.progress("configurationItems", 10, 12);
    discovery.progress("relationships", 3, null);
    expect(await value(metrics, "graph_cmdb_imports_in_progress", 'kind="document"')).toBe(1);
    expect(await value(metrics, "graph_cmdb_imports_in_progress", 'kind="discovery"')).toBe(1);
    expect(await value(metrics, "graph_cmdb_import_items_done", 'phase="configurationItems"')).toBe(
      2010,
    );
    expect(
      await value(metrics, "graph_cmdb_import_items_expected", 'phase="configurationItems"'),
    ).toBe(5012);
    expect(await value(metrics, "graph_cmdb_import_items_done", 'phase="relationships"')).toBe(3);
    expect(await value(metrics, "graph_cmdb_import_items_expected", 'phase="relationships"')).toBe(
      0,
    );

    // a retry starts the transaction again from its first entry
    document.retried();
    expect(await value(metrics, "graph_cmdb_import_retries_total", 'kind="document"')).toBe(1);
    expect(await value(metrics, "graph_cmdb_import_items_done", 'phase="configurationItems"')).toBe(
      10,
    );

    document.finished("applied", { configurationItems: 5000, relationships: 7 });
    discovery.finished("failed", { configurationItems: 0, relationships: 0 });
    expect(await value(metrics, "graph_cmdb_imports_in_progress", 'kind="document"')).toBe(0);
    expect(await value(metrics, "graph_cmdb_imports_in_progress", 'kind="discovery"')).toBe(0);
    expect(await value(metrics, "graph_cmdb_import_items_done", 'phase="configurationItems"')).toBe(
      0,
    );
    expect(
      await value(metrics, "graph_cmdb_imports_total", 'kind="document",outcome="applied"'),
    ).toBe(1);
    expect(
      await value(metrics, "graph_cmdb_imports_total", 'kind="discovery",outcome="failed"'),
    ).toBe(1);
    expect(
      await value(
        metrics,
        "graph_cmdb_import_items_written_total",
        'kind="document",phase="configurationItems"',
      ),
    ).toBe(5000);
  });

  it("count an import once, when the application's telemetry tells it to every sink", async () => {
    const telemetry = new Telemetry();
    const metrics = new Metrics(external, { telemetry });
    const outcome = await watchImport(telemetry, "document", () =>
      Promise.resolve({
        applied: false,
        dryRun: false,
        errorCount: 2,
        configurationItems: { created: 4, updated: 0 },
        relationships: { created: 1 },
      }),
    );
    expect(outcome.errorCount).toBe(2);
    await expect(
      watchImport(telemetry, "discovery", () => Promise.reject(new Error("Neo4j went away"))),
    ).rejects.toThrow("went away");
    expect(
      await value(metrics, "graph_cmdb_imports_total", 'kind="document",outcome="refused"'),
    ).toBe(1);
    expect(
      await value(
        metrics,
        "graph_cmdb_import_items_written_total",
        'kind="document",phase="configurationItems"',
      ),
    ).toBe(0);
    expect(
      await value(metrics, "graph_cmdb_imports_total", 'kind="discovery",outcome="failed"'),
    ).toBe(1);
    metrics.close();
    await watchImport(telemetry, "document", () =>
      Promise.resolve({
        applied: true,
        dryRun: false,
        errorCount: 0,
        configurationItems: { created: 1 },
        relationships: { created: 0 },
      }),
    );
    expect(
      await value(metrics, "graph_cmdb_imports_total", 'kind="document",outcome="applied"'),
    ).toBe(0);
  });
});
