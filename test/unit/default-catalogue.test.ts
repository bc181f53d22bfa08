import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/project-root.js";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import {
  Catalogue,
  parseCiType,
  parseRelationshipType,
} from "../../src/domain/catalogue/catalogue.js";
import {
  DEFAULT_CI_TYPES,
  DEFAULT_RELATIONSHIP_TYPES,
} from "../../src/domain/catalogue/default-catalogue.js";
import type {
  CiEntry,
  RelationshipEntry,
} from "../../src/domain/interchange/interchange-document.js";
import { checkRelationship } from "../../src/domain/relationship/ci-relationship.js";
import { issueMessage } from "../../src/domain/validation.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";

const catalogue = new Catalogue(
  DEFAULT_CI_TYPES.map((t) => parseCiType(t).type!),
  DEFAULT_RELATIONSHIP_TYPES.map((t) => parseRelationshipType(t).type!),
);

/** What the default catalogue says of `from type to`, as the messages of the broken rules. */
function refusals(fromType: string, type: string, toType: string): string[] {
  const end = (ciType: string, key: string) => ({ key, type: ciType, lifecycle: "PRODUCTION" });
  return checkRelationship(type, end(fromType, "a"), end(toType, "b"), catalogue, null).map(
    issueMessage,
  );
}

/** Every relationship of an estate the default catalogue refuses, with why. */
function refusedIn(estate: {
  configurationItems: Iterable<CiEntry>;
  relationships: Iterable<RelationshipEntry>;
}): string[] {
  const types = new Map([...estate.configurationItems].map((c) => [c.key, c.type]));
  const refused = new Set<string>();
  for (const r of estate.relationships) {
    const shape = `${types.get(r.from) ?? "?"} ${r.type} ${types.get(r.to) ?? "?"}`;
    for (const why of refusals(types.get(r.from) ?? "?", r.type, types.get(r.to) ?? "?")) {
      refused.add(`${shape}: ${why}`);
    }
  }
  return [...refused];
}

describe("the default catalogue's endpoint rules", () => {
  it("give every default relationship type the CI types both its ends admit", () => {
    for (const t of catalogue.allRelationshipTypes()) {
      expect(t.allowedSourceTypes?.length, t.name).toBeGreaterThan(0);
      expect(t.allowedTargetTypes?.length, t.name).toBeGreaterThan(0);
    }
    expect(catalogue.check()).toEqual([]);
  });

  it("admit every relationship of the demo estate", () => {
    const demo = JSON.parse(
      readFileSync(path.join(projectRoot(), "demo", "demo-estate.json"), "utf8"),
    ) as { configurationItems: CiEntry[]; relationships: RelationshipEntry[] };
    expect(demo.relationships.length).toBeGreaterThan(500);
    expect(refusedIn(demo)).toEqual([]);
  });

  it("admit every relationship of a generated estate", () => {
    const estate = generateEstate({ ciCount: 3000, seed: 7 });
    expect(
      refusedIn({
        configurationItems: estate.configurationItems(),
        relationships: estate.relationships(),
      }),
    ).toEqual([]);
  });

  it("admit the estate the impact tests use", () => {
    expect(refusedIn(IMPACT_ESTATE)).toEqual([]);
  });

  it("admit a subtype where a rule names its parent", () => {
    expect(refusals("MessageQueue", "RUNS_ON", "VirtualMachine")).toEqual([]);
    expect(refusals("Middleware", "INSTALLED_ON", "VirtualMachine")).toEqual([]);
  });

  it("refuse Application RUNS_ON Rack, naming the relationship type, both CI types and what is allowed", () => {
    expect(refusals("Application", "RUNS_ON", "Rack")).toEqual([
      'to: is a Rack: Application RUNS_ON Rack is not allowed; RUNS_ON may end only at Cluster, Container, Server (or their subtypes) (got "b")',
    ]);
  });

  it.each([
    ["Rack", "RUNS_ON", "Server", "from"],
    ["Application", "HOSTED_ON", "Datacenter", "to"],
    ["Server", "DEPENDS_ON", "Rack", "to"],
    ["Datacenter", "DEPENDS_ON", "Application", "from"],
    ["BusinessService", "CONNECTS_TO", "NetworkDevice", "from"],
    ["Application", "CONSUMES", "Rack", "to"],
    ["Database", "INSTALLED_ON", "Server", "from"],
    ["OperatingSystem", "INSTALLED_ON", "Application", "to"],
    ["Application", "PROVIDES", "Datacenter", "to"],
    ["Application", "CONTAINS", "Server", "from"],
    ["Application", "PART_OF", "Rack", "from"],
    ["VirtualMachine", "MEMBER_OF", "Rack", "to"],
    ["Server", "OWNED_BY", "Rack", "to"],
  ])("refuse %s %s %s (at its %s end)", (from, type, to, end) => {
    const refused = refusals(from, type, to);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatch(new RegExp(`^${end}: .*${from} ${type} ${to} is not allowed`));
  });
});
