import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import {
  checkReleaseTransition,
  parseRelease,
  releaseFrequency,
  type Release,
} from "../../src/domain/release/release.js";

const release = (status: Release["status"]) =>
  ({ name: "shop", version: "2.0", status }) as Release;

describe("release rules", () => {
  it("refuses a step the status does not allow, naming the statuses", () => {
    try {
      checkReleaseTransition(release("PLANNED"), "accept");
      throw new Error("not refused");
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as Error).message).toBe(
        "release shop 2.0 is PLANNED: 'accept' needs it DEPLOYED_TO_TEST",
      );
    }
    expect(() =>
      checkReleaseTransition(release("DEPLOYED_TO_PRODUCTION"), "rollback"),
    ).not.toThrow();
    expect(() => checkReleaseTransition(release("CLOSED"), "cancel")).toThrow(/needs it/);
  });

  it("names every bad field of a release", () => {
    const { issues } = parseRelease({
      name: "",
      version: "1",
      type: "HUGE",
      plannedDate: "soon",
      contents: [{ ciKey: "a", version: "1" }, { ciKey: "a", version: "2" }, { version: "3" }],
      deploymentPlan: [{ stage: "STAGING", description: "x" }],
    });
    expect(issues.map((i) => [i.field, i.value])).toEqual([
      ["name", ""],
      ["type", "HUGE"],
      ["plannedDate", "soon"],
      ["contents[1].ciKey", "a"],
      ["contents[2].ciKey", undefined],
      ["deploymentPlan[0].stage", "STAGING"],
    ]);
  });

  it("counts releases per service per month, EMERGENCY apart, cancelled ones not at all", () => {
    const at = (d: string) => new Date(`${d}T10:00:00Z`);
    expect(
      releaseFrequency([
        {
          serviceKeys: ["shop", "pay"],
          plannedDate: at("2026-11-02"),
          type: "MINOR",
          status: "CLOSED",
        },
        {
          serviceKeys: ["shop"],
          plannedDate: at("2026-11-20"),
          type: "EMERGENCY",
          status: "CLOSED",
        },
        { serviceKeys: ["shop"], plannedDate: at("2026-12-01"), type: "PATCH", status: "PLANNED" },
        {
          serviceKeys: ["shop"],
          plannedDate: at("2026-12-03"),
          type: "PATCH",
          status: "CANCELLED",
        },
      ]),
    ).toEqual([
      { serviceKey: "pay", month: "2026-11", releases: 1, emergency: 0 },
      { serviceKey: "shop", month: "2026-11", releases: 1, emergency: 1 },
      { serviceKey: "shop", month: "2026-12", releases: 1, emergency: 0 },
    ]);
  });
});
