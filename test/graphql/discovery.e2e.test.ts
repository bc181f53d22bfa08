import { describe, expect, it } from "vitest";
import type { DiscoveryFormat } from "../../src/domain/discovery/discovered-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";
import { fixture } from "../unit/discovery/fixtures.js";
import { issueTestToken } from "../support/users.js";

const RUN = `mutation Run($input: RunDiscoveryInput!) {
  runDiscovery(input: $input) {
    report {
      source format dryRun applied errorCount
      configurationItems { created updated unchanged conflicting notSeen stale }
      relationships { created unchanged notSeen stale }
      conflicts { key field source owner kept offered }
      unresolved { from type to }
      errors { section index entry field message }
    }
  }
}`;

interface Report {
  source: string;
  applied: boolean;
  errorCount: number;
  configurationItems: Record<string, number>;
  relationships: Record<string, number>;
  conflicts: unknown[];
  unresolved: unknown[];
  errors: {
    section: string;
    index: number | null;
    entry: string | null;
    field: string;
    message: string;
  }[];
}

const FILES: Record<DiscoveryFormat, string[]> = {
  KUBERNETES: ["kubernetes/shop.yaml", "kubernetes/payments.yaml"],
  COMPOSE: ["compose/compose.yaml", "compose/compose.override.yaml"],
  BACKSTAGE: ["backstage/catalog-info.yaml", "backstage/systems.yaml", "backstage/org.yaml"],
  TERRAFORM: ["terraform/show.json", "terraform/terraform.tfstate"],
};

describe("runDiscovery over GraphQL", () => {
  useTestDatabase();
  const server = useTestServer();
  const run = async (input: Record<string, unknown>) => {
    const res = await server().gql<{
      runDiscovery: { report: Report };
    }>(RUN, { input });
    expect(res.errors).toEqual([]);
    return res.data!.runDiscovery;
  };

  for (const format of Object.keys(FILES) as DiscoveryFormat[]) {
    it(`reads ${format} documents, and a second run of the same documents changes nothing`, async () => {
      const documents = FILES[format].map((f) => fixture(f).text);
      const input = { source: format.toLowerCase(), format, documents };
      const first = await run(input);
      expect(first.report).toMatchObject({ applied: true, errorCount: 0 });
      expect(first.report.configurationItems.created).toBeGreaterThan(4);
      expect(first.report.relationships.created).toBeGreaterThan(4);
      const second = (await run(input)).report;
      expect(second.configurationItems).toMatchObject({ created: 0, updated: 0, notSeen: 0 });
      expect(second.configurationItems.unchanged).toBe(first.report.configurationItems.created);
      expect(second.relationships).toMatchObject({
        created: 0,
        unchanged: first.report.relationships.created,
      });
    });
  }

  it("names a malformed document by its place in the input, and writes nothing", async () => {
    const documents = [
      fixture("kubernetes/shop.yaml").text,
      fixture("kubernetes/missing-containers.yaml").text,
    ];
    const report = (await run({ source: "k", format: "KUBERNETES", documents, dryRun: false }))
      .report;
    expect(report).toMatchObject({ applied: false, errorCount: 1 });
    expect(report.errors).toEqual([
      {
        section: "DOCUMENT",
        index: 1,
        entry: "documents[1]",
        field: "spec.template.spec.containers",
        message:
          "documents[1] document 1: spec.template.spec.containers: a list of containers, at least one",
      },
    ]);
    const cis = await server().gql<{ configurationItems: { totalCount: number } }>(
      "{ configurationItems(first: 1) { totalCount } }",
    );
    expect(cis.data?.configurationItems.totalCount ?? 0).toBe(0);
  });

  it("answers who wrote each field, and keeps a field for the source with precedence", async () => {
    const set = await server().gql(
      `mutation { setDiscoveryPrecedence(input: {ciType: "KubernetesWorkload", field: "attributes.replicas", sources: ["gitops", "cluster"]}) { rules { ciType field sources } } }`,
    );
    expect(set.data).toEqual({
      setDiscoveryPrecedence: {
        rules: [
          {
            ciType: "KubernetesWorkload",
            field: "attributes.replicas",
            sources: ["gitops", "cluster"],
          },
        ],
      },
    });
    const manifest = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${String(replicas)}\n  template:\n    spec:\n      containers: [{name: web, image: nginx}]\n`;
    // two sources of one cluster: its GitOps repository and the cluster itself
    const cluster = "prod";
    await run({ source: "gitops", format: "KUBERNETES", cluster, documents: [manifest(2)] });
    const lower = (
      await run({ source: "cluster", format: "KUBERNETES", cluster, documents: [manifest(7)] })
    ).report;
    expect(lower.conflicts).toEqual([
      {
        key: "k8s:prod/default/deployment/web",
        field: "attributes.replicas",
        source: "cluster",
        owner: "gitops",
        kept: 2,
        offered: 7,
      },
    ]);
    const provenance = await server().gql<{
      discoveryProvenance: {
        sightings: { source: string; stale: boolean }[];
        fieldOwners: { field: string; source: string }[];
      };
    }>(
      `{ discoveryProvenance(ci: { key: "k8s:prod/default/deployment/web" }) { sightings { source stale missedRuns firstSeen lastSeen } fieldOwners { field source at } } }`,
    );
    expect(provenance.errors).toEqual([]);
    const p = provenance.data!.discoveryProvenance;
    expect(p.sightings.map((s) => s.source)).toEqual(["cluster", "gitops"]);
    expect(p.fieldOwners.find((o) => o.field === "attributes.replicas")?.source).toBe("gitops");
    expect(p.fieldOwners.find((o) => o.field === "attributes.kind")?.source).toBe("cluster");
  });

  it("lists unauthorized changes as a connection by source, edges included, and proposes retiring what a source stopped reporting", async () => {
    const manifest = (name: string, image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      containers: [{name: main, image: "${image}"}]\n`;
    const live = (documents: string[]) =>
      run({ source: "live", format: "KUBERNETES", cluster: "prod", staleAfterRuns: 1, documents });
    const first = await live([manifest("web", "nginx:1.27"), manifest("api", "redis:7")]);
    expect(first.report).toMatchObject({ applied: true });
    const web = "k8s:prod/default/deployment/web";
    const read = await server().gql<{ configurationItem: { revision: number } }>(
      `{ configurationItem(ref: {key: "${web}"}) { revision } }`,
    );
    const update = await server().gql(
      `mutation($input: UpdateConfigurationItemInput!) { updateConfigurationItem(input: $input) { configurationItem { lifecycle } } }`,
      {
        input: {
          ci: { key: web },
          revision: read.data!.configurationItem.revision,
          changes: { lifecycle: "PRODUCTION" },
        },
      },
    );
    expect(update.errors).toEqual([]);
    await live([manifest("web", "nginx:1.28")]);
    const list = await server().gql<{
      unauthorizedChangesConnection: {
        totalCount: number;
        nodes: {
          ciKey: string;
          relationships: { change: string; to: string }[];
          configurationItem: { lifecycle: string };
        }[];
      };
    }>(
      `{ unauthorizedChangesConnection(filter: {source: "live", status: OPEN}, first: 10) { totalCount nodes { ciKey relationships { change to } configurationItem { lifecycle } } } }`,
    );
    expect(list.errors).toEqual([]);
    expect(list.data!.unauthorizedChangesConnection).toEqual({
      totalCount: 1,
      nodes: [
        {
          ciKey: web,
          relationships: [
            { change: "APPEARED", to: "image:nginx:1.28" },
            { change: "DISAPPEARED", to: "image:nginx:1.27" },
          ],
          configurationItem: { lifecycle: "PRODUCTION" },
        },
      ],
    });
    const other = await server().gql<{ unauthorizedChangesConnection: { totalCount: number } }>(
      `{ unauthorizedChangesConnection(filter: {source: "elsewhere"}) { totalCount } }`,
    );
    expect(other.data?.unauthorizedChangesConnection.totalCount).toBe(0);
    const stale = await server().gql<{ staleDiscoveries: { nodes: { ciKey: string }[] } }>(
      `{ staleDiscoveries(source: "live") { nodes { ciKey } } }`,
    );
    expect(stale.data?.staleDiscoveries.nodes.map((n) => n.ciKey)).toEqual([
      "image:nginx:1.27",
      "image:redis:7",
      "k8s:prod/default/deployment/api",
    ]);
    const proposed = await server().gql<{
      proposeRetirement: { rfc: { state: string }; retiring: { ciKey: string }[] };
    }>(
      `mutation { proposeRetirement(input: {source: "live", ciKeys: ["k8s:prod/default/deployment/api"]}) { rfc { state } retiring { ciKey } } }`,
    );
    expect(proposed.errors).toEqual([]);
    expect(proposed.data?.proposeRetirement).toEqual({
      rfc: { state: "DRAFT" },
      retiring: [{ ciKey: "k8s:prod/default/deployment/api" }],
    });
  }, 240_000);

  it("is refused to a reader", async () => {
    const issued = await issueTestToken(server(), "rita", ["READER"]);
    const res = await server().gql(
      RUN,
      { input: { source: "x", format: "COMPOSE", documents: [] } },
      { token: issued.secret },
    );
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
  });
});
