import { describe, expect, it } from "vitest";
import type { CiFields } from "../../../src/domain/ci/configuration-item.js";
import { mayOverwrite, reconcileCi } from "../../../src/domain/discovery/reconciliation.js";

const current: CiFields = {
  key: "k8s:web/deployment/web",
  name: "web",
  type: "KubernetesWorkload",
  version: null,
  owner: "team-web",
  responsibleTeam: null,
  lifecycle: "PRODUCTION",
  environment: null,
  criticality: null,
  attributes: { replicas: 2, kind: "Deployment", costCentre: "42" },
};
const lineage = ["KubernetesWorkload", "Application"];

describe("reconciling a discovered CI with the CMDB", () => {
  it("ranks sources by the first rule of the type or its ancestors, the field before attributes and *", () => {
    const rules = [
      { ciType: "Application", field: "*", sources: ["backstage", "k8s"] },
      { ciType: "KubernetesWorkload", field: "attributes.replicas", sources: ["k8s", "backstage"] },
    ];
    expect(mayOverwrite(rules, lineage, "attributes.replicas", "k8s", "backstage")).toBe(true);
    expect(mayOverwrite(rules, lineage, "attributes.replicas", "backstage", "k8s")).toBe(false);
    expect(mayOverwrite(rules, lineage, "name", "k8s", "backstage")).toBe(false); // Application's *
    expect(mayOverwrite(rules, lineage, "name", "terraform", "backstage")).toBe(false); // unlisted ranks lowest
    expect(mayOverwrite(rules, lineage, "name", "backstage", "terraform")).toBe(true);
    expect(mayOverwrite(rules, lineage, "name", "k8s", undefined)).toBe(true); // written by hand
    expect(mayOverwrite([], lineage, "name", "k8s", "backstage")).toBe(true); // no rule: last writer wins
  });

  it("writes the whole new state: stated fields, others' attributes kept, its own unreported attributes removed", () => {
    const { entry, owners, conflicts } = reconcileCi({
      discovered: {
        key: current.key,
        name: "web",
        type: "KubernetesWorkload",
        attributes: { replicas: 3 },
      },
      current,
      owners: {
        "attributes.replicas": { source: "k8s", at: "t0" },
        "attributes.kind": { source: "k8s", at: "t0" },
        "attributes.costCentre": { source: "finance", at: "t0" },
      },
      source: "k8s",
      at: "t1",
      rules: [],
      lineage,
    });
    expect(entry).toEqual({ ...current, attributes: { replicas: 3, costCentre: "42" } });
    expect(owners).toEqual({
      name: { source: "k8s", at: "t1" },
      type: { source: "k8s", at: "t1" },
      "attributes.replicas": { source: "k8s", at: "t1" },
      "attributes.costCentre": { source: "finance", at: "t0" },
    });
    expect(conflicts).toEqual([]);
  });

  it("keeps a field a higher source owns and reports the difference, not an equal value", () => {
    const { entry, conflicts } = reconcileCi({
      discovered: {
        key: current.key,
        name: "web",
        type: "KubernetesWorkload",
        owner: "someone",
        attributes: { replicas: 9, kind: "Deployment" },
      },
      current,
      owners: {
        "attributes.replicas": { source: "gitops", at: "t0" },
        "attributes.kind": { source: "gitops", at: "t0" },
        owner: { source: "gitops", at: "t0" },
      },
      source: "k8s",
      at: "t1",
      rules: [{ ciType: "KubernetesWorkload", field: "*", sources: ["gitops"] }],
      lineage,
    });
    expect(entry).toMatchObject({
      owner: "team-web",
      attributes: { replicas: 2, kind: "Deployment" },
    });
    expect(conflicts.map((c) => [c.field, c.kept, c.offered])).toEqual([
      ["owner", "team-web", "someone"],
      ["attributes.replicas", 2, 9],
    ]);
  });

  it("states a new CI as discovered", () => {
    const { entry, owners } = reconcileCi({
      discovered: {
        key: "image:nginx:1.27",
        name: "nginx:1.27",
        type: "ContainerImage",
        version: "1.27",
        attributes: { repository: "nginx" },
      },
      current: null,
      owners: {},
      source: "k8s",
      at: "t1",
      rules: [],
      lineage: ["ContainerImage"],
    });
    expect(entry).toEqual({
      key: "image:nginx:1.27",
      name: "nginx:1.27",
      type: "ContainerImage",
      version: "1.27",
      attributes: { repository: "nginx" },
    });
    expect(Object.keys(owners)).toEqual(["name", "type", "version", "attributes.repository"]);
  });
});
