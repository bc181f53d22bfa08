import { describe, expect, it } from "vitest";
import type { DiscoveryRunInput } from "../../src/application/discovery/discovery.service.js";
import type { ExportSink } from "../../src/application/interchange/export.service.js";
import type { DiscoveryInput } from "../../src/domain/discovery/discovered-estate.js";
import { ADMIN, APPROVER, APPROVER_2, EDITOR, READER, codeOf, errorOf } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { testTarget, useTestDatabase } from "../support/test-database.js";
import { fixture } from "../unit/discovery/fixtures.js";

const shop = [fixture("kubernetes/shop.yaml"), fixture("kubernetes/payments.yaml")];

/** A Deployment named `name` in namespace `ns` running `image`, with `replicas`. */
function deployment(
  name: string,
  replicas: number,
  image = "nginx:1.27",
  ns = "web",
): DiscoveryInput {
  return {
    name: `${name}.yaml`,
    text: [
      "apiVersion: apps/v1",
      "kind: Deployment",
      `metadata: {name: ${name}, namespace: ${ns}}`,
      "spec:",
      `  replicas: ${String(replicas)}`,
      "  template:",
      `    metadata: {labels: {app: ${name}}}`,
      "    spec:",
      `      containers: [{name: main, image: "${image}"}]`,
    ].join("\n"),
  };
}

describe("running discovery", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  // Kubernetes sources here describe one cluster, prod (as a live cluster and its GitOps repo do)
  const run = (input: Partial<DiscoveryRunInput> & { documents: DiscoveryInput[] }) =>
    ctx().app.discovery.run(scope(), EDITOR, {
      source: "cluster-a",
      format: "KUBERNETES",
      ...((input.format ?? "KUBERNETES") === "KUBERNETES" ? { cluster: "prod" } : {}),
      ...input,
    });
  const estate = async () => {
    const cis = new Map<string, Record<string, unknown>>();
    const relationships: string[] = [];
    const sink: ExportSink = {
      write: (section, entries) => {
        for (const e of entries as Record<string, unknown>[]) {
          if (section === "configurationItems") cis.set(String(e.key), e);
          if (section === "relationships")
            relationships.push(`${String(e.from)} ${String(e.type)} ${String(e.to)}`);
        }
        return Promise.resolve();
      },
    };
    await ctx().app.exports.exportAll(scope(), READER, sink);
    return { cis, relationships };
  };

  it("writes what the manifests describe through the import: every type admitted by the default catalogue", async () => {
    const report = await run({ documents: shop });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({
      applied: true,
      configurationItems: {
        created: 31,
        updated: 0,
        unchanged: 0,
        conflicting: 0,
        notSeen: 0,
        stale: 0,
      },
      relationships: { created: 56, unchanged: 0, notSeen: 0, stale: 0 },
    });
    const { cis, relationships } = await estate();
    expect(cis.get("k8s:prod/shop/deployment/frontend")).toMatchObject({
      name: "frontend",
      type: "KubernetesWorkload",
    });
    expect(relationships).toContain(
      "k8s:prod/shop/ingress/shop DEPENDS_ON k8s:prod/shop/service/frontend",
    );
  });

  it("changes nothing when the same files are read again", async () => {
    await run({ documents: shop });
    const again = await run({ documents: shop });
    expect(again).toMatchObject({
      applied: true,
      configurationItems: { created: 0, updated: 0, unchanged: 31, notSeen: 0 },
      relationships: { created: 0, unchanged: 56, notSeen: 0 },
    });
  });

  it("reads every format into CIs the catalogue admits", async () => {
    const formats: [DiscoveryRunInput["format"], DiscoveryInput[]][] = [
      ["COMPOSE", [fixture("compose/compose.yaml"), fixture("compose/compose.override.yaml")]],
      [
        "BACKSTAGE",
        [
          fixture("backstage/catalog-info.yaml"),
          fixture("backstage/systems.yaml"),
          fixture("backstage/org.yaml"),
        ],
      ],
      ["TERRAFORM", [fixture("terraform/show.json"), fixture("terraform/terraform.tfstate")]],
      [
        "KUBERNETES",
        [fixture("kubernetes/kubectl-get.yaml"), fixture("kubernetes/typed-list.yaml")],
      ],
    ];
    for (const [format, documents] of formats) {
      const report = await run({ source: format.toLowerCase(), format, documents });
      expect({ format, errors: report.errors, applied: report.applied }).toEqual({
        format,
        errors: [],
        applied: true,
      });
    }
  });

  it("writes nothing in a dry run, and counts what a real run would do", async () => {
    const dry = await run({ documents: shop, dryRun: true });
    expect(dry).toMatchObject({
      dryRun: true,
      applied: false,
      configurationItems: { created: 31 },
      relationships: { created: 56 },
    });
    expect((await estate()).cis.size).toBe(0);
    expect(
      await ctx().app.discovery.provenance(scope(), READER, "k8s:prod/shop/deployment/frontend"),
    ).toBeNull();
  });

  it("refuses a malformed file naming file, document and path, and writes nothing", async () => {
    const report = await run({
      documents: [...shop, fixture("kubernetes/missing-containers.yaml")],
    });
    expect(report).toMatchObject({ applied: false, errorCount: 1 });
    expect(report.errors[0]).toMatchObject({
      section: "document",
      index: 1,
      entry: "kubernetes/missing-containers.yaml",
      field: "spec.template.spec.containers",
    });
    expect((await estate()).cis.size).toBe(0);
  });

  it("keeps history and audit: each CI's version names the source, the run is one audit entry", async () => {
    await run({ documents: [deployment("web", 2)] });
    await run({ documents: [deployment("web", 3)] });
    const ci = await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" });
    const [history] = await ctx().app.cis.historyOf(scope(), READER, [ci!.id]);
    expect(history!.map((v) => [v.operation, v.reason, v.state.attributes.replicas])).toEqual([
      ["IMPORT", "discovery cluster-a (kubernetes)", 2],
      ["IMPORT", "discovery cluster-a (kubernetes)", 3],
    ]);
    const trail = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetType: "IMPORT" },
      { first: 10, after: null },
    );
    expect(trail.items.map((e) => [e.operation, e.targetKey])).toEqual([
      ["DISCOVERY", "cluster-a"],
      ["DISCOVERY", "cluster-a"],
    ]);
  });

  it("marks what a source stops reporting stale after its number of runs, and never deletes it", async () => {
    await run({
      documents: [deployment("web", 1), deployment("api", 1, "redis:7")],
      staleAfterRuns: 2,
    });
    const once = await run({ documents: [deployment("web", 1)] });
    expect(once.configurationItems).toMatchObject({ unchanged: 3, notSeen: 2, stale: 0 }); // api and its image
    expect(once.relationships).toMatchObject({ notSeen: 2, stale: 0 });
    const twice = await run({ documents: [deployment("web", 1)] });
    expect(twice.configurationItems).toMatchObject({ notSeen: 2, stale: 2 });
    expect(twice.relationships).toMatchObject({ notSeen: 2, stale: 2 });
    expect((await estate()).cis.has("k8s:prod/web/deployment/api")).toBe(true);
    const provenance = await ctx().app.discovery.provenance(
      scope(),
      READER,
      "k8s:prod/web/deployment/api",
    );
    expect(provenance?.sightings).toMatchObject([
      { source: "cluster-a", missedRuns: 2, stale: true },
    ]);
    // seen again, it is fresh
    const back = await run({ documents: [deployment("web", 1), deployment("api", 1, "redis:7")] });
    expect(back.configurationItems).toMatchObject({ notSeen: 0, stale: 0 });
  });

  it("counts runs per source: another source's run leaves this source's sightings alone", async () => {
    await run({ documents: [deployment("web", 1)], staleAfterRuns: 1 });
    const other = await run({ source: "cluster-b", documents: [deployment("api", 1)] });
    expect(other.configurationItems).toMatchObject({ notSeen: 0, stale: 0 });
    const provenance = await ctx().app.discovery.provenance(scope(), READER, "image:nginx:1.27");
    expect(provenance?.sightings.map((s) => [s.source, s.stale])).toEqual([
      ["cluster-a", false],
      ["cluster-b", false],
    ]);
  });

  it("records which source last wrote each field, and when", async () => {
    await run({ documents: [deployment("web", 2)] });
    await run({ source: "gitops", documents: [deployment("web", 4)] });
    const provenance = await ctx().app.discovery.provenance(
      scope(),
      READER,
      "k8s:prod/web/deployment/web",
    );
    const owners = Object.fromEntries(provenance!.fieldOwners.map((o) => [o.field, o.source]));
    expect(owners).toMatchObject({
      name: "gitops",
      type: "gitops",
      "attributes.replicas": "gitops",
    });
    expect(provenance!.fieldOwners[0]!.at).toBeInstanceOf(Date);
  });

  it("lets a higher-precedence source keep a field a lower one reports differently, as a conflict", async () => {
    await ctx().app.discovery.setPrecedence(scope(), ADMIN, {
      ciType: "KubernetesWorkload",
      field: "attributes.replicas",
      sources: ["gitops", "cluster-a"],
    });
    await run({ source: "gitops", documents: [deployment("web", 3)] });
    const lower = await run({ source: "cluster-a", documents: [deployment("web", 5)] });
    expect(lower.configurationItems).toMatchObject({ conflicting: 1, unchanged: 3 });
    expect(lower.conflicts).toEqual([
      {
        key: "k8s:prod/web/deployment/web",
        field: "attributes.replicas",
        source: "cluster-a",
        owner: "gitops",
        kept: 3,
        offered: 5,
      },
    ]);
    expect(
      (await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" }))?.attributes
        .replicas,
    ).toBe(3);
    // the higher source overwrites the lower one's fields
    await run({ source: "cluster-a", documents: [deployment("api", 5)] });
    await run({ source: "gitops", documents: [deployment("api", 2)] });
    expect(
      (await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/api" }))?.attributes
        .replicas,
    ).toBe(2);
  });

  it("without a precedence rule, the last source to write a field wins; each source's other attributes stay", async () => {
    await run({ source: "gitops", documents: [deployment("web", 3)] });
    await run({ source: "cluster-a", documents: [deployment("web", 5)] });
    const web = await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" });
    expect(web?.attributes).toMatchObject({ replicas: 5, kind: "Deployment" });
  });

  it("keeps a relationship to a CI the files only name when the CMDB has it, and reports it otherwise", async () => {
    const documents = [
      fixture("backstage/catalog-info.yaml"),
      fixture("backstage/systems.yaml"),
      fixture("backstage/org.yaml"),
    ];
    const first = await run({ source: "backstage", format: "BACKSTAGE", documents });
    expect(first.unresolved).toEqual([
      {
        from: "backstage:api:default/spotify-api",
        type: "OWNED_BY",
        to: "backstage:user:default/guest",
      },
    ]);
    await ctx().app.imports.importDocument(scope(), EDITOR, {
      configurationItems: [{ key: "backstage:user:default/guest", name: "guest", type: "Person" }],
    });
    const second = await run({ source: "backstage", format: "BACKSTAGE", documents });
    expect(second.unresolved).toEqual([]);
    expect(second.relationships.created).toBe(1);
  });

  it("is for editors; precedence is for admins", async () => {
    expect(
      await codeOf(
        ctx().app.discovery.run(scope(), READER, {
          source: "x",
          format: "KUBERNETES",
          documents: [],
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(
        ctx().app.discovery.setPrecedence(scope(), EDITOR, {
          ciType: "Server",
          field: "*",
          sources: ["x"],
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf(run({ source: "Not A Name", documents: [] }))).toBe("VALIDATION");
  });

  it("removes a precedence rule set with no sources", async () => {
    await ctx().app.discovery.setPrecedence(scope(), ADMIN, {
      ciType: "Server",
      field: "*",
      sources: ["a", "b"],
    });
    expect(await ctx().app.discovery.precedence(scope(), READER)).toEqual([
      { ciType: "Server", field: "*", sources: ["a", "b"] },
    ]);
    await ctx().app.discovery.setPrecedence(scope(), ADMIN, {
      ciType: "Server",
      field: "*",
      sources: [],
    });
    expect(await ctx().app.discovery.precedence(scope(), READER)).toEqual([]);
  });

  describe("unauthorized changes", () => {
    const toProduction = async (...keys: string[]) => {
      const res = await ctx().app.imports.importDocument(scope(), EDITOR, {
        configurationItems: keys.map((key) => ({
          key,
          name: key.split("/").at(-1),
          type: key.includes("image:") ? "ContainerImage" : "KubernetesWorkload",
          lifecycle: "PRODUCTION",
        })),
      });
      expect(res.errors).toEqual([]);
    };

    it("records one per PRODUCTION CI found different with no implemented RFC, field by field, and applies it", async () => {
      await run({ documents: [deployment("web", 2), deployment("api", 2, "redis:7")] });
      await toProduction("k8s:prod/web/deployment/web", "k8s:prod/web/deployment/api");
      const report = await run({
        documents: [deployment("web", 5), deployment("api", 2, "redis:7.2")],
      });
      const api = "k8s:prod/web/deployment/api";
      expect(report.unauthorizedChanges).toEqual([
        {
          key: "k8s:prod/web/deployment/web",
          held: false,
          changes: [{ field: "attributes.replicas", before: 2, after: 5 }],
          relationships: [],
        },
        // api's own fields did not change, but it runs another image: a relationship change
        {
          key: api,
          held: false,
          changes: [],
          relationships: [
            { change: "APPEARED", from: api, type: "DEPENDS_ON", to: "image:redis:7.2" },
            { change: "DISAPPEARED", from: api, type: "DEPENDS_ON", to: "image:redis:7" },
          ],
        },
      ]);
      expect(
        (await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" }))
          ?.attributes.replicas,
      ).toBe(5);
      const recorded = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      expect(
        recorded
          .map((u) => [u.ciKey, u.source, u.status, u.changes.length, u.relationships.length])
          .sort(),
      ).toEqual([
        [api, "cluster-a", "OPEN", 0, 2],
        ["k8s:prod/web/deployment/web", "cluster-a", "OPEN", 1, 0],
      ]);
      // the same state seen again is no new change
      await run({ documents: [deployment("web", 5), deployment("api", 2, "redis:7.2")] });
      expect(await ctx().app.discovery.unauthorizedChanges(scope(), READER, {})).toHaveLength(2);
    });

    it("opens a retrospective RFC from one in one step, once (APPROVER)", async () => {
      await run({ documents: [deployment("web", 2)] });
      await toProduction("k8s:prod/web/deployment/web");
      await run({ documents: [deployment("web", 5)] });
      const [change] = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      expect(
        await codeOf(ctx().app.discovery.openRetrospectiveRfc(scope(), EDITOR, change!.id)),
      ).toBe("FORBIDDEN");
      const report = await ctx().app.integrity.run(scope(), ADMIN);
      const rule = report.results.find((r) => r.rule === "UNAUTHORIZED_CHANGE");
      expect(rule?.offenders.map((o) => [o.key, o.detail])).toEqual([
        [
          "k8s:prod/web/deployment/web",
          "1 unauthorized change(s) found by cluster-a; open a retrospective RFC",
        ],
      ]);
      const approver = { user: "alice", roles: ["APPROVER" as const], tokenId: null };
      const { rfc, change: after } = await ctx().app.discovery.openRetrospectiveRfc(
        scope(),
        approver,
        change!.id,
      );
      expect(rfc).toMatchObject({
        state: "DRAFT",
        type: "EMERGENCY",
        requester: "alice",
        touchedCiIds: [change!.ciId],
      });
      expect(rfc.description).toContain("attributes.replicas: 2 -> 5");
      // it proposes what discovery saw, so implementing it records the change with before-images
      const ci = await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" });
      expect(rfc.operations).toEqual([
        {
          kind: "UPDATE_CI",
          ciKey: "k8s:prod/web/deployment/web",
          ciId: change!.ciId,
          changes: { attributes: { ...ci!.attributes, replicas: 5 } },
          revision: ci!.revision,
        },
      ]);
      expect(after).toMatchObject({ status: "RFC_OPENED", rfcId: rfc.id });
      // reported by the integrity checks until its retrospective RFC is opened
      const offenders = async () =>
        (await ctx().app.integrity.run(scope(), ADMIN)).results
          .find((r) => r.rule === "UNAUTHORIZED_CHANGE")
          ?.offenders.map((o) => o.key);
      expect(await offenders()).toEqual([]);
      expect(
        await codeOf(ctx().app.discovery.openRetrospectiveRfc(scope(), approver, change!.id)),
      ).toBe("CONFLICT");
      expect(
        await codeOf(ctx().app.discovery.openRetrospectiveRfc(scope(), approver, "nope")),
      ).toBe("NOT_FOUND");
    });

    it("opens a retrospective RFC in one transaction: a failure after the draft leaves neither the RFC nor the mark", async () => {
      await run({ documents: [deployment("web", 2), deployment("api", 2)] });
      await toProduction("k8s:prod/web/deployment/web", "k8s:prod/web/deployment/api");
      await run({ documents: [deployment("web", 5), deployment("api", 3)] });
      const changes = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      expect(changes).toHaveLength(2);
      const approver = { user: "alice", roles: ["APPROVER" as const], tokenId: null };
      await ctx().app.discovery.openRetrospectiveRfc(scope(), approver, changes[0]!.id);
      const nodes = async () =>
        Number((await runTestCypher(testTarget(), "count-nodes"))[0]?.nodes);
      const rfcs = async () =>
        (await ctx().app.rfcs.list(scope(), READER, {}, { first: 50, after: null })).items.map(
          (r) => r.number,
        );
      const before = { nodes: await nodes(), rfcs: await rfcs() };
      // the mark of a second change by alice now breaks a constraint, after its draft is written
      await runTestCypher(testTarget(), "refuse-second-rfc-opener");
      try {
        await expect(
          ctx().app.discovery.openRetrospectiveRfc(scope(), approver, changes[1]!.id),
        ).rejects.toThrow(/ConstraintValidationFailed/);
      } finally {
        await runTestCypher(testTarget(), "allow-second-rfc-opener");
      }
      expect(await nodes()).toBe(before.nodes);
      expect(await rfcs()).toEqual(before.rfcs);
      const second = (await ctx().app.discovery.unauthorizedChanges(scope(), READER, {})).find(
        (u) => u.id === changes[1]!.id,
      );
      expect(second).toMatchObject({ status: "OPEN", rfcId: null });
      // and it opens once nothing stands in the way
      const { rfc } = await ctx().app.discovery.openRetrospectiveRfc(
        scope(),
        approver,
        changes[1]!.id,
      );
      expect(await rfcs()).toContain(rfc.number);
    });

    it("holds it when the source says so: recorded, the CMDB left as it is", async () => {
      await run({ documents: [deployment("web", 2)] });
      await toProduction("k8s:prod/web/deployment/web");
      const report = await run({ documents: [deployment("web", 5)], holdUnauthorized: true });
      expect(report.unauthorizedChanges).toMatchObject([
        { key: "k8s:prod/web/deployment/web", held: true },
      ]);
      expect(report.configurationItems).toMatchObject({ updated: 0 });
      expect(
        (await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" }))
          ?.attributes.replicas,
      ).toBe(2);
      // the setting stays with the source
      const again = await run({ documents: [deployment("web", 5)] });
      expect(again.unauthorizedChanges).toMatchObject([{ held: true }]);
    });

    it("is none where an RFC that touched the CI was implemented since the source last saw it", async () => {
      await run({ documents: [deployment("web", 2)] });
      await toProduction("k8s:prod/web/deployment/web");
      await runTestCypher(testTarget(), "record-implemented-rfc", {
        key: "k8s:prod/web/deployment/web",
      });
      const report = await run({ documents: [deployment("web", 5)] });
      expect(report.unauthorizedChanges).toEqual([]);
      expect(report.configurationItems.updated).toBe(1);
    });

    it("is none for a CI not in production, and a dry run records nothing", async () => {
      await run({ documents: [deployment("web", 2)] });
      expect((await run({ documents: [deployment("web", 3)] })).unauthorizedChanges).toEqual([]);
      await toProduction("k8s:prod/web/deployment/web");
      const dry = await run({ documents: [deployment("web", 4)], dryRun: true });
      expect(dry.unauthorizedChanges).toHaveLength(1);
      expect(await ctx().app.discovery.unauthorizedChanges(scope(), READER, {})).toEqual([]);
    });
  });

  describe("unauthorized relationship changes", () => {
    const web = "k8s:prod/web/deployment/web";
    const toProduction = async (key: string) => {
      const ci = await ctx().app.cis.get(scope(), READER, { key });
      await ctx().app.cis.update(scope(), EDITOR, { key }, ci!.revision, {
        lifecycle: "PRODUCTION",
      });
    };
    const inForce = async () => (await estate()).relationships.filter((r) => r.startsWith(web));

    it("records a relationship of a PRODUCTION CI that appeared or disappeared, applying the new one and ending none", async () => {
      await run({ documents: [deployment("web", 2, "nginx:1.27")] });
      await toProduction(web);
      const report = await run({ documents: [deployment("web", 2, "nginx:1.28")] });
      expect(report.unauthorizedChanges).toEqual([
        {
          key: web,
          held: false,
          changes: [],
          relationships: [
            { change: "APPEARED", from: web, type: "DEPENDS_ON", to: "image:nginx:1.28" },
            { change: "DISAPPEARED", from: web, type: "DEPENDS_ON", to: "image:nginx:1.27" },
          ],
        },
      ]);
      expect((await inForce()).sort()).toEqual([
        `${web} BELONGS_TO k8s:prod/namespace/web`,
        `${web} DEPENDS_ON image:nginx:1.27`,
        `${web} DEPENDS_ON image:nginx:1.28`,
      ]);
      const [recorded] = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      expect(recorded?.relationships).toHaveLength(2);
      // a disappearance is found once: the next run finds nothing new
      const again = await run({ documents: [deployment("web", 2, "nginx:1.28")] });
      expect(again.unauthorizedChanges).toEqual([]);
    });

    it("holds an appeared relationship when the source holds: recorded, not added", async () => {
      await run({ documents: [deployment("web", 2, "nginx:1.27")] });
      await toProduction(web);
      const report = await run({
        documents: [deployment("web", 2, "nginx:1.27"), deployment("api", 1, "nginx:1.28")],
        holdUnauthorized: true,
      });
      expect(report.unauthorizedChanges).toEqual([]);
      const held = await run({ documents: [deployment("web", 2, "nginx:1.28")] });
      expect(held.unauthorizedChanges).toMatchObject([
        {
          key: web,
          held: true,
          relationships: [
            { change: "APPEARED", to: "image:nginx:1.28" },
            { change: "DISAPPEARED", to: "image:nginx:1.27" },
          ],
        },
      ]);
      expect(await inForce()).not.toContain(`${web} DEPENDS_ON image:nginx:1.28`);
    });

    it("a held change's retrospective RFC proposes the discovered fields and relationships; implemented, the CMDB agrees", async () => {
      await run({ documents: [deployment("web", 2, "nginx:1.27")] });
      await toProduction(web);
      await run({ documents: [deployment("web", 5, "nginx:1.28")], holdUnauthorized: true });
      const [change] = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      expect(change).toMatchObject({ held: true });
      const ci = await ctx().app.cis.get(scope(), READER, { key: web });
      const { rfc } = await ctx().app.discovery.openRetrospectiveRfc(scope(), APPROVER, change!.id);
      expect(rfc.operations).toMatchObject([
        {
          kind: "UPDATE_CI",
          ciKey: web,
          changes: { attributes: { ...ci!.attributes, replicas: 5 } },
          revision: ci!.revision,
        },
        { kind: "ADD_RELATIONSHIP", fromKey: web, toKey: "image:nginx:1.28", type: "DEPENDS_ON" },
        {
          kind: "REMOVE_RELATIONSHIP",
          fromKey: web,
          toKey: "image:nginx:1.27",
          type: "DEPENDS_ON",
        },
      ]);
      await ctx().app.rfcs.submit(scope(), { ...APPROVER, roles: ["REQUESTER"] }, rfc.id);
      await ctx().app.assessments.assess(scope(), ADMIN, rfc.id);
      let state = (await ctx().app.approvals.approve(scope(), APPROVER_2, rfc.id, null)).state;
      if (state !== "APPROVED")
        state = (await ctx().app.approvals.approve(scope(), ADMIN, rfc.id, null)).state;
      expect(state).toBe("APPROVED");
      const done = await ctx().app.implementations.implement(scope(), ADMIN, rfc.id);
      expect(done.state).toBe("IMPLEMENTED");
      expect((await ctx().app.cis.get(scope(), READER, { key: web }))?.attributes.replicas).toBe(5);
      expect((await inForce()).sort()).toEqual([
        `${web} BELONGS_TO k8s:prod/namespace/web`,
        `${web} DEPENDS_ON image:nginx:1.28`,
      ]);
    }, 240_000);

    it("an applied change's retrospective RFC leaves out the relationship the CMDB has already, and says so", async () => {
      await run({ documents: [deployment("web", 2, "nginx:1.27")] });
      await toProduction(web);
      await run({ documents: [deployment("web", 2, "nginx:1.28")] });
      const [change] = await ctx().app.discovery.unauthorizedChanges(scope(), READER, {});
      const { rfc } = await ctx().app.discovery.openRetrospectiveRfc(scope(), APPROVER, change!.id);
      // applied: the new edge is in force (nothing to add); the old one discovery never ends
      expect(rfc.operations).toEqual([
        {
          kind: "REMOVE_RELATIONSHIP",
          relationshipId: expect.any(String) as string,
          fromKey: web,
          toKey: "image:nginx:1.27",
          type: "DEPENDS_ON",
        },
      ]);
      expect(rfc.description).toContain(
        `${web} DEPENDS_ON image:nginx:1.28: appeared and is in the CMDB already`,
      );
    });

    it("is none for a relationship change an approved RFC proposes, nor for a CI not in production", async () => {
      await run({
        documents: [deployment("web", 2, "nginx:1.27"), deployment("api", 1, "nginx:1.28")],
      });
      await toProduction(web);
      await runTestCypher(testTarget(), "record-approved-rfc", {
        keys: [web, "image:nginx:1.28"],
        operations: JSON.stringify([
          { kind: "ADD_RELATIONSHIP", fromKey: web, toKey: "image:nginx:1.28", type: "DEPENDS_ON" },
        ]),
      });
      const report = await run({
        documents: [deployment("web", 2, "nginx:1.28"), deployment("api", 1, "nginx:1.29")],
      });
      // the RFC proposes the new edge, not the end of the old one
      expect(report.unauthorizedChanges).toEqual([
        {
          key: web,
          held: false,
          changes: [],
          relationships: [
            { change: "DISAPPEARED", from: web, type: "DEPENDS_ON", to: "image:nginx:1.27" },
          ],
        },
      ]);
    });
  });

  describe("unauthorized changes as a connection", () => {
    /** The source reports `names`; the last one goes to PRODUCTION, then changes (found once). */
    const changeOf = async (source: string, names: string[]) => {
      const name = names.at(-1)!;
      const others = names.slice(0, -1).map((n) => deployment(n, 2));
      await run({ source, documents: [...others, deployment(name, 1)] });
      const key = `k8s:prod/web/deployment/${name}`;
      const ci = await ctx().app.cis.get(scope(), READER, { key });
      await ctx().app.cis.update(scope(), EDITOR, { key }, ci!.revision, {
        lifecycle: "PRODUCTION",
      });
      await run({ source, documents: [...others, deployment(name, 2)] });
    };

    it("pages store-wide newest first by cursor, narrows by source, CI and status, and counts", async () => {
      await changeOf("cluster-a", ["one"]);
      await changeOf("cluster-b", ["two"]);
      await changeOf("cluster-a", ["one", "three"]);
      const page = (filter: Record<string, string | null>, first: number, after: string | null) =>
        ctx().app.discovery.unauthorizedChangesPage(scope(), READER, filter, { first, after });
      const first = await page({}, 2, null);
      expect(first.items.map((u) => u.ciKey.split("/").at(-1))).toEqual(["three", "two"]);
      expect(first.hasNextPage).toBe(true);
      expect(await first.totalCount()).toBe(3);
      const second = await page({}, 2, first.cursors[1] ?? null);
      expect(second.items.map((u) => u.ciKey.split("/").at(-1))).toEqual(["one"]);
      expect([second.hasNextPage, second.hasPreviousPage]).toEqual([false, true]);
      const bySource = await page({ source: "cluster-a" }, 10, null);
      expect(bySource.items.map((u) => u.ciKey.split("/").at(-1))).toEqual(["three", "one"]);
      expect(await bySource.totalCount()).toBe(2);
      const byCi = await page({ ciKey: "k8s:prod/web/deployment/two" }, 10, null);
      expect(byCi.items.map((u) => u.source)).toEqual(["cluster-b"]);
      expect((await page({ status: "RFC_OPENED" }, 10, null)).items).toEqual([]);
      expect(await codeOf(page({ status: "CLOSED" }, 10, null))).toBe("VALIDATION");
      expect(await codeOf(page({}, 501, null))).toBe("VALIDATION");
      expect(await codeOf(page({}, 10, "bm90IGEgY3Vyc29y"))).toBe("VALIDATION");
    }, 240_000);
  });

  describe("retiring what a source no longer reports", () => {
    const requester = { user: "rob", roles: ["REQUESTER" as const], tokenId: null };

    it("drafts one RFC with a retire operation per stale CI, retiring nothing itself", async () => {
      await run({
        documents: [deployment("web", 1), deployment("api", 1, "redis:7")],
        staleAfterRuns: 2,
      });
      expect(
        await codeOf(
          ctx().app.discovery.proposeRetirement(scope(), requester, { source: "cluster-a" }),
        ),
      ).toBe("VALIDATION");
      await run({ documents: [deployment("web", 1)] });
      await run({ documents: [deployment("web", 1)] });
      const stale = await ctx().app.discovery.staleDiscoveries(scope(), READER, "cluster-a", {
        first: 10,
        after: null,
      });
      expect(stale.items.map((s) => [s.ciKey, s.missedRuns, s.reportedBy])).toEqual([
        ["image:redis:7", 2, []],
        ["k8s:prod/web/deployment/api", 2, []],
      ]);
      expect(
        await codeOf(
          ctx().app.discovery.proposeRetirement(scope(), READER, { source: "cluster-a" }),
        ),
      ).toBe("FORBIDDEN");
      expect(
        await codeOf(
          ctx().app.discovery.proposeRetirement(scope(), requester, {
            source: "cluster-a",
            ciKeys: ["k8s:prod/web/deployment/web"],
          }),
        ),
      ).toBe("VALIDATION");
      const { rfc, retiring } = await ctx().app.discovery.proposeRetirement(scope(), requester, {
        source: "cluster-a",
        ciKeys: ["k8s:prod/web/deployment/api"],
      });
      expect(retiring.map((r) => r.ciKey)).toEqual(["k8s:prod/web/deployment/api"]);
      expect(rfc).toMatchObject({ state: "DRAFT", requester: "rob", type: "NORMAL" });
      expect(rfc.operations).toMatchObject([
        { kind: "RETIRE_CI", ciKey: "k8s:prod/web/deployment/api", revision: 1 },
      ]);
      const api = await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/api" });
      expect(api?.lifecycle).toBe("PLANNED");
      // without keys: every stale CI no other source still reports, less those an open RFC retires
      await run({ source: "cluster-b", documents: [deployment("other", 1, "redis:7")] });
      const again = await errorOf(
        ctx().app.discovery.proposeRetirement(scope(), requester, { source: "cluster-a" }),
      );
      expect(again.code).toBe("CONFLICT");
      expect(again.message).toContain(`RFC-${String(rfc.number)}`);
    }, 240_000);

    it("leaves out the CIs an open RFC already proposes to retire, and names that RFC; a cancelled one no longer counts", async () => {
      await run({
        documents: [deployment("web", 1), deployment("api", 1), deployment("db", 1)],
        staleAfterRuns: 1,
      });
      await run({ documents: [deployment("web", 1)] });
      const api = "k8s:prod/web/deployment/api";
      const db = "k8s:prod/web/deployment/db";
      const first = await ctx().app.discovery.proposeRetirement(scope(), requester, {
        source: "cluster-a",
        ciKeys: [api],
      });
      expect(first.alreadyProposed).toEqual([]);
      const second = await ctx().app.discovery.proposeRetirement(scope(), requester, {
        source: "cluster-a",
      });
      expect(second.retiring.map((r) => r.ciKey)).toEqual([db]);
      expect(second.alreadyProposed).toEqual([
        { ciKey: api, rfcId: first.rfc.id, rfcNumber: first.rfc.number, rfcState: "DRAFT" },
      ]);
      expect(second.rfc.operations.map((o) => ("ciKey" in o ? o.ciKey : null))).toEqual([db]);
      // a third call finds nothing left to draft, naming both RFCs; named keys are left out alike
      const third = await errorOf(
        ctx().app.discovery.proposeRetirement(scope(), requester, { source: "cluster-a" }),
      );
      expect(third.code).toBe("CONFLICT");
      expect(third.message).toContain(
        `(RFC-${String(first.rfc.number)}, RFC-${String(second.rfc.number)})`,
      );
      expect(
        await codeOf(
          ctx().app.discovery.proposeRetirement(scope(), requester, {
            source: "cluster-a",
            ciKeys: [db],
          }),
        ),
      ).toBe("CONFLICT");
      await ctx().app.rfcs.cancel(scope(), requester, first.rfc.id, "drafted by mistake");
      const fourth = await ctx().app.discovery.proposeRetirement(scope(), requester, {
        source: "cluster-a",
      });
      expect(fourth.retiring.map((r) => r.ciKey)).toEqual([api]);
      expect(fourth.alreadyProposed.map((p) => [p.ciKey, p.rfcNumber])).toEqual([
        [db, second.rfc.number],
      ]);
    }, 240_000);
  });

  describe("keys that name the cluster", () => {
    it("keeps the key a CI was discovered under before keys named clusters; another cluster's same workload is another CI", async () => {
      await run({ documents: [deployment("web", 1)] });
      await runTestCypher(testTarget(), "unscope-discovered-keys", { prefix: "k8s:prod/" });
      const legacy = await ctx().app.cis.get(scope(), READER, { key: "k8s:web/deployment/web" });
      expect(legacy).not.toBeNull();
      const again = await run({ documents: [deployment("web", 1)] });
      expect(again.configurationItems).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
      expect(again.relationships).toMatchObject({ created: 0, notSeen: 0 });
      expect(
        (await ctx().app.cis.get(scope(), READER, { key: "k8s:web/deployment/web" }))?.id,
      ).toBe(legacy!.id);
      expect(
        await ctx().app.cis.get(scope(), READER, { key: "k8s:prod/web/deployment/web" }),
      ).toBeNull();
      // another cluster (named by its source) has its own web
      const other = await run({
        source: "cluster-b",
        cluster: null,
        documents: [deployment("web", 1)],
      });
      expect(other.cluster).toBe("cluster-b");
      expect(other.configurationItems.created).toBe(2);
      expect(
        await ctx().app.cis.get(scope(), READER, { key: "k8s:cluster-b/web/deployment/web" }),
      ).not.toBeNull();
      expect(await codeOf(run({ format: "COMPOSE", cluster: "prod", documents: [] }))).toBe(
        "VALIDATION",
      );
    }, 240_000);
  });

  describe("derived dependencies", () => {
    it("rolls a system's component edges up to the services they reach, never storing them", async () => {
      const documents = [
        fixture("backstage/catalog-info.yaml"),
        fixture("backstage/systems.yaml"),
        fixture("backstage/org.yaml"),
      ];
      await run({ source: "backstage", format: "BACKSTAGE", documents });
      const before = (await estate()).relationships.length;
      const derived = await ctx().app.discovery.derivedDependencies(
        scope(),
        READER,
        "backstage:system:default/artist-engagement-portal",
      );
      expect(derived).toEqual([
        {
          key: "backstage:api:default/spotify-api",
          name: "spotify-api",
          type: "Api",
          via: [
            {
              from: "backstage:component:default/artist-web",
              type: "CONSUMES",
              to: "backstage:api:default/spotify-api",
            },
          ],
        },
      ]);
      expect((await estate()).relationships.length).toBe(before);
    });

    it("rolls a namespace's workloads up to the services of another namespace they call", async () => {
      await run({ documents: shop });
      const derived = await ctx().app.discovery.derivedDependencies(
        scope(),
        READER,
        "k8s:prod/namespace/shop",
      );
      expect(derived.map((d) => [d.key, d.via.map((v) => `${v.from} ${v.type} ${v.to}`)])).toEqual([
        [
          "k8s:prod/payments/service/currency",
          [
            // the NetworkPolicy's edge reaches the workload that PROVIDES the service
            "k8s:prod/shop/deployment/frontend CONNECTS_TO k8s:prod/payments/deployment/currency",
            "k8s:prod/shop/deployment/frontend DEPENDS_ON k8s:prod/payments/service/currency",
          ],
        ],
      ]);
      expect(await ctx().app.discovery.derivedDependencies(scope(), READER, "nope")).toEqual([]);
    });
  });
});
