import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/project-root.js";
import { demoEstate } from "../../src/demo/demo-estate.js";
import {
  DEFAULT_CI_TYPES,
  DISCOVERY_CI_TYPE_NAMES,
} from "../../src/domain/catalogue/default-catalogue.js";

const estate = demoEstate();
const cis = [...estate.configurationItems()];
const relationships = [...estate.relationships()];
const byKey = new Map(cis.map((ci) => [ci.key, ci]));
const typeOf = (key: string): string => byKey.get(key)!.type;
const shape = (r: { from: string; type: string; to: string }): string =>
  `${typeOf(r.from)} ${r.type} ${typeOf(r.to)}`;

describe("the demo estate", () => {
  it("is the committed demo/demo-estate.json (regenerate it with npm run estate:generate -- --demo)", async () => {
    const file = JSON.parse(
      await readFile(path.join(projectRoot(), "demo", "demo-estate.json"), "utf8"),
    ) as unknown;
    expect(file).toEqual({ configurationItems: cis, relationships });
  });

  it("holds every CI type of the catalogue, under unique keys and names, and relates only CIs it holds", () => {
    const present = new Set(cis.map((ci) => ci.type));
    expect(
      DEFAULT_CI_TYPES.map((t) => t.name).filter(
        (t) => !present.has(t) && !DISCOVERY_CI_TYPE_NAMES.includes(t),
      ),
    ).toEqual([]);
    expect(byKey.size).toBe(cis.length);
    for (const r of relationships) {
      expect(byKey.has(r.from), r.from).toBe(true);
      expect(byKey.has(r.to), r.to).toBe(true);
    }
    const names = new Set(cis.map((ci) => `${ci.type} ${ci.name.toLowerCase()}`));
    expect(names.size, "names unique within a type").toBe(cis.length);
    const triples = new Set(relationships.map((r) => `${r.from} ${r.type} ${r.to}`));
    expect(triples.size).toBe(relationships.length);
  });

  it("pairs every application with its TEST twin, at the same version, on TEST databases and hosts", () => {
    const applications = cis.filter((ci) => ci.type === "Application");
    const production = applications.filter(
      (ci) => ci.lifecycle === "PRODUCTION" && ci.key !== "app-fax-gateway",
    );
    expect(production.length).toBeGreaterThanOrEqual(10);
    for (const app of production) {
      const twin = byKey.get(`${app.key}-test`);
      expect(twin, app.key).toBeDefined();
      expect(twin!.lifecycle).toBe("TEST");
      expect(twin!.environment).toBe("test");
      expect(twin!.name).toBe(`${app.name} (test)`);
      expect(twin!.version).toBe(app.version);
    }
    // a TEST application needs only TEST CIs (and the shared sites, racks and network)
    const shared = new Set(["Datacenter", "Rack", "NetworkDevice", "Storage", "Server"]);
    for (const r of relationships.filter((r) => byKey.get(r.from)!.lifecycle === "TEST")) {
      const to = byKey.get(r.to)!;
      if (!shared.has(to.type)) expect(to.lifecycle, `${r.from} ${r.type} ${r.to}`).toBe("TEST");
    }
    expect(byKey.get("app-checkout-test")!.version).toBe("2.3.1");
  });

  it("names business services as people know them, with a criticality from 1 to 4 and an owner", () => {
    const services = cis.filter((ci) => ci.type === "BusinessService");
    expect(services.map((s) => [s.key, s.name, s.criticality])).toEqual([
      ["bs-online-checkout", "Online Checkout", 1],
      ["bs-payments", "Payments", 1],
      ["bs-customer-portal", "Customer Portal", 2],
      ["bs-search", "Search", 2],
      ["bs-order-management", "Order Management", 2],
      ["bs-payroll", "Payroll", 2],
      ["bs-employee-self-service", "Employee Self-Service", 3],
      ["bs-management-reporting", "Management Reporting", 4],
    ]);
    for (const s of services) {
      expect(s.owner).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
      expect(s.responsibleTeam).toMatch(/\S/);
    }
  });

  it("relates CIs only in shapes a strict catalogue accepts", () => {
    const accepted = new Set([
      "Rack PART_OF Datacenter",
      "Rack CONTAINS Server",
      "Rack CONTAINS Storage",
      "Rack CONTAINS NetworkDevice",
      "NetworkDevice CONNECTS_TO NetworkDevice",
      "Storage CONNECTS_TO NetworkDevice",
      "Server CONNECTS_TO NetworkDevice",
      "Server DEPENDS_ON Storage",
      "VirtualMachine HOSTED_ON Server",
      "VirtualMachine CONNECTS_TO NetworkDevice",
      "VirtualMachine MEMBER_OF Cluster",
      "VirtualMachine MEMBER_OF LoadBalancer",
      "OperatingSystem INSTALLED_ON Server",
      "OperatingSystem INSTALLED_ON VirtualMachine",
      "Cluster DEPENDS_ON Storage",
      "LoadBalancer CONNECTS_TO NetworkDevice",
      "ContainerImage OWNED_BY Application",
      "Container RUNS_ON Cluster",
      "Container DEPENDS_ON ContainerImage",
      "Database HOSTED_ON VirtualMachine",
      "Database HOSTED_ON Server",
      "Database DEPENDS_ON Storage",
      "MessageQueue RUNS_ON Cluster",
      "Middleware RUNS_ON VirtualMachine",
      "Application RUNS_ON VirtualMachine",
      "Application RUNS_ON Container",
      "Application PROVIDES ApplicationService",
      "Application CONSUMES ApplicationService",
      "Application DEPENDS_ON Database",
      "Application DEPENDS_ON MessageQueue",
      "Application DEPENDS_ON Middleware",
      "ApplicationService HOSTED_ON LoadBalancer",
      "BusinessService DEPENDS_ON ApplicationService",
    ]);
    const seen = new Set(relationships.map(shape));
    expect([...seen].filter((s) => !accepted.has(s))).toEqual([]);
    // one operating system on every host
    const hosts = cis.filter((ci) => ci.type === "Server" || ci.type === "VirtualMachine");
    const installed = relationships.filter((r) => r.type === "INSTALLED_ON").map((r) => r.to);
    expect(new Set(installed).size).toBe(installed.length);
    expect(hosts.filter((h) => !installed.includes(h.key)).map((h) => h.key)).toEqual([
      "vm-legacy-ftp",
    ]);
  });

  it("carries its known faults: two CIs related to nothing, one without an owner, one cycle", () => {
    const related = new Set(relationships.flatMap((r) => [r.from, r.to]));
    expect(cis.filter((ci) => !related.has(ci.key)).map((ci) => ci.key)).toEqual([
      "vm-legacy-ftp",
      "app-fax-gateway",
    ]);
    expect(cis.filter((ci) => !ci.owner).map((ci) => ci.key)).toEqual(["db-reporting"]);
    const calls = relationships
      .filter((r) => r.type === "CONSUMES")
      .map((r) => `${r.from} ${r.to}`);
    expect(calls).toContain("app-orders svc-inventory");
    expect(calls).toContain("app-inventory svc-orders");
    expect(calls).not.toContain("app-inventory-test svc-orders-test");
  });

  it("has the CIs the README and docs name", () => {
    for (const key of [
      "db-orders",
      "db-orders-test",
      "app-checkout",
      "app-checkout-test",
      "bs-online-checkout",
      "bs-payroll",
      "srv-fra1-bm-01",
      "cl-k8s",
    ]) {
      expect(byKey.has(key), key).toBe(true);
    }
    expect(byKey.get("db-orders")!.lifecycle).toBe("PRODUCTION");
    expect(relationships.filter((r) => r.to === "srv-fra1-bm-01").map(shape)).toContain(
      "Database HOSTED_ON Server",
    );
  });
});
