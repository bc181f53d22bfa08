import { describe, expect, it } from "vitest";
import { Catalogue } from "../../src/domain/catalogue/catalogue.js";
import type { CiFields } from "../../src/domain/ci/configuration-item.js";
import {
  ciOffences,
  DEFAULT_RULES,
  dependencyTypes,
  INTEGRITY_RULES,
  parseRuleConfig,
  productionDependencyOffence,
  type IntegrityRule,
  type RuleConfig,
} from "../../src/domain/integrity/integrity-rules.js";

const rules = new Map<IntegrityRule, RuleConfig>(INTEGRITY_RULES.map((r) => [r, DEFAULT_RULES[r]]));
const catalogue = new Catalogue(
  [{ name: "Application", parent: null, description: null, attributes: [] }],
  [],
);
const fields: CiFields = {
  key: "a",
  name: "A",
  type: "Application",
  version: null,
  owner: "o",
  responsibleTeam: null,
  lifecycle: "PRODUCTION",
  environment: null,
  criticality: null,
  attributes: {},
};
const now = new Date("2026-11-27T12:00:00Z");
const ci = (over: Partial<Parameters<typeof ciOffences>[0]> = {}) => ({
  id: "1",
  fields,
  createdAt: new Date("2026-11-01T12:00:00Z"),
  verifiedAt: null,
  relationshipCount: 1,
  inBaseline: true,
  ...over,
});

describe("integrity rules on one CI", () => {
  it("counts staleness from the last verification, else from creation, past the threshold", () => {
    const stale = (c: ReturnType<typeof ci>) =>
      ciOffences(c, catalogue, rules, now).filter((o) => o.rule === "STALE");
    expect(stale(ci())).toEqual([]);
    expect(stale(ci({ createdAt: new Date("2026-08-01T12:00:00Z") }))[0]?.detail).toBe(
      "never verified; created 118 days ago",
    );
    expect(
      stale(
        ci({
          createdAt: new Date("2026-01-01T00:00:00Z"),
          verifiedAt: new Date("2026-11-20T12:00:00Z"),
        }),
      ),
    ).toEqual([]);
  });

  it("leaves retired CIs alone and names what a CI in use lacks", () => {
    expect(
      ciOffences(
        ci({ fields: { ...fields, lifecycle: "RETIRED", owner: null }, relationshipCount: 0 }),
        catalogue,
        rules,
        now,
      ),
    ).toEqual([]);
    const found = ciOffences(
      ci({ fields: { ...fields, owner: null }, relationshipCount: 0, inBaseline: false }),
      catalogue,
      rules,
      now,
    ).map((o) => o.rule);
    expect(found).toEqual(["ORPHAN", "MISSING_OWNER", "PRODUCTION_WITHOUT_BASELINE"]);
  });

  it("takes a rule's configuration only with the threshold it needs", () => {
    expect(parseRuleConfig({ rule: "STALE", threshold: 30 }, null).config).toEqual({
      rule: "STALE",
      enabled: true,
      level: "WARNING",
      threshold: 30,
    });
    expect(parseRuleConfig({ rule: "ORPHAN", threshold: 3 }, null).issues[0]?.rule).toBe(
      "ORPHAN takes no threshold",
    );
    expect(parseRuleConfig({ rule: "NOPE" }, null).issues[0]?.field).toBe("rule");
  });

  describe("a PRODUCTION CI depending on one not yet in production", () => {
    const relationshipType = (name: string, dependent: "SOURCE" | "TARGET" | "NONE") => ({
      name,
      inverseName: `${name}_BY`,
      dependent,
      allowedSourceTypes: null,
      allowedTargetTypes: null,
      description: null,
      membership: false,
    });
    const types = new Catalogue(
      [],
      [
        relationshipType("DEPENDS_ON", "SOURCE"),
        relationshipType("INSTALLED_ON", "TARGET"),
        relationshipType("OWNED_BY", "NONE"),
      ],
    );
    const end = (key: string, lifecycle: string) => ({ id: key, key, type: "T", lifecycle });
    const offence = (from: string, type: string, to: string) => {
      const [fromKey, fromLifecycle] = from.split(":") as [string, string];
      const [toKey, toLifecycle] = to.split(":") as [string, string];
      return productionDependencyOffence(
        { type, from: end(fromKey, fromLifecycle), to: end(toKey, toLifecycle) },
        types,
      );
    };

    it("lists the relationship types by the end that depends, NONE in neither", () => {
      expect(dependencyTypes(types)).toEqual({
        sourceDependent: ["DEPENDS_ON"],
        targetDependent: ["INSTALLED_ON"],
      });
    });

    it("is an offence of the PRODUCTION end, naming both CIs and the relationship", () => {
      expect(offence("app:PRODUCTION", "DEPENDS_ON", "db:TEST")).toEqual({
        rule: "PRODUCTION_DEPENDS_ON_NON_PRODUCTION",
        ciId: "app",
        key: "app",
        type: "T",
        detail: "app DEPENDS_ON db: app (PRODUCTION) depends on db, which is TEST",
      });
      // TARGET: the host depends on the OS installed on it
      expect(offence("os:PLANNED", "INSTALLED_ON", "host:PRODUCTION")?.detail).toBe(
        "os INSTALLED_ON host: host (PRODUCTION) depends on os, which is PLANNED",
      );
    });

    it("follows the dependent end, ignores NONE, and leaves RETIRED to its own rule", () => {
      expect(offence("db:TEST", "DEPENDS_ON", "app:PRODUCTION")).toBeNull();
      expect(offence("os:PRODUCTION", "INSTALLED_ON", "host:TEST")).toBeNull();
      expect(offence("app:PRODUCTION", "OWNED_BY", "team:TEST")).toBeNull();
      expect(offence("app:PRODUCTION", "DEPENDS_ON", "db:RETIRED")).toBeNull();
      expect(offence("app:PRODUCTION", "DEPENDS_ON", "db:PRODUCTION")).toBeNull();
      expect(offence("app:PRODUCTION", "UNKNOWN", "db:TEST")).toBeNull();
    });
  });
});
