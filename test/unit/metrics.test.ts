import { describe, expect, it } from "vitest";
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
