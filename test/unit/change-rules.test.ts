import { describe, expect, it } from "vitest";
import {
  parseApprovalThresholds,
  requiredApprovals,
} from "../../src/domain/change/approval-policy.js";
import { parseRfcContent } from "../../src/domain/change/rfc-input.js";
import { allowedFrom, checkTransition } from "../../src/domain/change/rfc-lifecycle.js";
import { assessRisk, blastRadiusPoints, riskLevel } from "../../src/domain/change/risk.js";
import { standardChangeMisfits } from "../../src/domain/change/standard-change.js";
import { Catalogue } from "../../src/domain/catalogue/catalogue.js";
import { DomainError } from "../../src/domain/errors.js";

const base = {
  type: "NORMAL" as const,
  operationKinds: [],
  businessServices: [],
  impactedCount: 0,
  truncated: false,
  earlierFailures: [],
  collisions: [],
  freezeWindows: [],
};

describe("risk", () => {
  it("scores the most critical service hit by how badly, and lists every reason", () => {
    const r = assessRisk({
      ...base,
      businessServices: [
        { key: "bs-report", name: "Reporting", criticality: 3, level: "DOWN", distance: 2 },
        { key: "bs-shop", name: "Web shop", criticality: 1, level: "DEGRADED", distance: 3 },
      ],
      impactedCount: 120,
    });
    expect(r.reasons).toEqual([
      {
        factor: "BUSINESS_SERVICE",
        points: 25,
        detail: "business service Web shop (bs-shop, criticality 1) DEGRADED at distance 3",
      },
      { factor: "BLAST_RADIUS", points: 15, detail: "120 CI(s) impacted" },
      { factor: "CHANGE_TYPE", points: 5, detail: "NORMAL change" },
      {
        factor: "OTHER_SERVICES",
        points: 2,
        detail: "1 more business service(s) hit: Reporting (bs-report)",
      },
    ]);
    expect(r.score).toBe(47);
    expect(r.level).toBe("MEDIUM");
  });

  it("adds failures, collisions, freezes and destructive operations, capped at 100", () => {
    const r = assessRisk({
      ...base,
      type: "EMERGENCY",
      operationKinds: ["RETIRE_CI", "REMOVE_RELATIONSHIP", "RETIRE_CI"],
      businessServices: [{ key: "a", criticality: 1, level: "DOWN", distance: 1 }],
      impactedCount: 50_000,
      truncated: true,
      earlierFailures: ["RFC-1", "RFC-2", "RFC-3"],
      collisions: ["RFC-9"],
      freezeWindows: ["Black Friday"],
    });
    const points = Object.fromEntries(r.reasons.map((x) => [x.factor, x.points]));
    expect(points).toEqual({
      BUSINESS_SERVICE: 40,
      BLAST_RADIUS: 20,
      CHANGE_TYPE: 15,
      DESTRUCTIVE_OPERATIONS: 10,
      EARLIER_FAILURES: 20,
      COLLISIONS: 10,
      FREEZE_WINDOW: 15,
      TRUNCATED: 10,
    });
    expect(r.score).toBe(100);
    expect(r.level).toBe("HIGH");
  });

  it("names a business service by its key alone when no name is known", () => {
    const r = assessRisk({
      ...base,
      businessServices: [{ key: "bs-shop", criticality: null, level: "AT_RISK", distance: 4 }],
    });
    expect(r.reasons.find((x) => x.factor === "BUSINESS_SERVICE")?.detail).toBe(
      "business service bs-shop (criticality unrated) AT_RISK at distance 4",
    );
  });

  it("gives a change that touches nothing no risk beyond its type", () => {
    expect(assessRisk({ ...base, type: "STANDARD" })).toEqual({
      score: 0,
      level: "LOW",
      reasons: [],
    });
  });

  it("grows the blast radius by orders of magnitude", () => {
    expect([0, 1, 9, 10, 99, 100, 1000, 1e6].map(blastRadiusPoints)).toEqual([
      0, 5, 5, 10, 10, 15, 20, 20,
    ]);
    expect([0, 29, 30, 59, 60, 100].map(riskLevel)).toEqual([
      "LOW",
      "LOW",
      "MEDIUM",
      "MEDIUM",
      "HIGH",
      "HIGH",
    ]);
  });
});

describe("approvals", () => {
  const thresholds = parseApprovalThresholds("30:2,60:3");

  it("need more approvers as the risk grows, one for an emergency", () => {
    if (typeof thresholds === "string") throw new Error(thresholds);
    expect([0, 29, 30, 59, 60, 100].map((s) => requiredApprovals(s, "NORMAL", thresholds))).toEqual(
      [1, 1, 2, 2, 3, 3],
    );
    expect(requiredApprovals(100, "EMERGENCY", thresholds)).toBe(1);
  });

  it("reads thresholds and names what is wrong with bad ones", () => {
    expect(parseApprovalThresholds("")).toEqual([]);
    expect(parseApprovalThresholds("50:2,40:3")).toMatch(/scores must rise/);
    expect(parseApprovalThresholds("50:3,60:2")).toMatch(/approvals must not fall/);
    expect(parseApprovalThresholds("50-2")).toMatch(/score:approvals/);
    expect(parseApprovalThresholds("150:2")).toMatch(/at most 100/);
  });
});

describe("RFC lifecycle", () => {
  const rfc = (state: string, type = "NORMAL") =>
    ({ number: 7, state, type }) as Parameters<typeof checkTransition>[0];

  it("names both states when a transition is refused", () => {
    try {
      checkTransition(rfc("DRAFT"), "implement");
      throw new Error("not refused");
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message).toBe(
        "RFC-7 is DRAFT: it cannot go through 'implement' to IMPLEMENTED (only from SCHEDULED)",
      );
    }
  });

  it("lets an EMERGENCY change be implemented without scheduling, and only it", () => {
    expect(allowedFrom("implement", "EMERGENCY")).toContain("APPROVED");
    expect(allowedFrom("implement", "NORMAL")).not.toContain("APPROVED");
    expect(() => checkTransition(rfc("APPROVED", "EMERGENCY"), "implement")).not.toThrow();
  });

  it("cancels from every open state and from no closed one", () => {
    for (const s of ["DRAFT", "SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED"]) {
      expect(() => checkTransition(rfc(s), "cancel")).not.toThrow();
    }
    for (const s of ["REJECTED", "IMPLEMENTED", "FAILED", "BACKED_OUT", "CLOSED", "CANCELLED"]) {
      expect(() => checkTransition(rfc(s), "cancel")).toThrow(/cannot/);
    }
  });
});

describe("RFC content", () => {
  it("lists every broken rule with its field and value", () => {
    const { issues } = parseRfcContent({
      title: " ",
      type: "URGENT",
      plannedStart: "2026-12-01T10:00:00Z",
      plannedEnd: "2026-12-01T09:00:00Z",
      operations: [
        { kind: "DROP_CI" },
        { kind: "UPDATE_CI", ciKey: "x", changes: {} },
        { kind: "REMOVE_RELATIONSHIP", fromKey: "a" },
        { kind: "CREATE_CI", ci: { key: "n", type: "Database" } },
      ],
    });
    expect(issues.map((i) => [i.field, i.value])).toEqual([
      ["title", " "],
      ["type", "URGENT"],
      ["plannedEnd", "2026-12-01T09:00:00.000Z"],
      ["operations[0].kind", "DROP_CI"],
      ["operations[1].changes", {}],
      ["operations[2]", { kind: "REMOVE_RELATIONSHIP", fromKey: "a" }],
      ["name", undefined],
    ]);
    expect(issues[6]?.subject).toBe("operations[3]: CI n");
  });

  it("asks a STANDARD change for its template, and only it", () => {
    expect(parseRfcContent({ title: "t", type: "STANDARD" }).issues[0]?.field).toBe(
      "standardChangeId",
    );
    expect(parseRfcContent({ title: "t", standardChangeId: "s" }).issues[0]?.rule).toMatch(
      /only a STANDARD change/,
    );
  });

  it("counts replacing the attribute map as changing attributes, for a template", () => {
    const template = {
      name: "t",
      description: null,
      operationKinds: ["UPDATE_CI" as const],
      updatableFields: ["version"],
      ciKeys: [],
      ciTypes: [],
      maxImpacted: 10,
      maxServiceCriticality: 4,
    };
    const misfits = standardChangeMisfits(
      template,
      new Catalogue([], []),
      [
        {
          kind: "UPDATE_CI",
          ciKey: "a",
          ciId: "1",
          changes: { version: "2", replaceAttributes: {} },
          revision: null,
        },
      ],
      [],
      { impacted: [], businessServices: [], truncated: false },
    );
    expect(misfits).toEqual(["operation 1 changes attributes; the template allows version"]);
  });
});
