import { describe, expect, it } from "vitest";
import type { DiscoveryFormat } from "../../src/domain/discovery/discovered-estate.js";
import { EDITOR, READER } from "../support/actors.js";
import { DISCOVERY_FORMAT_CASES } from "../support/discovery-formats.js";
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
  const db = useTestDatabase();
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

  for (const c of DISCOVERY_FORMAT_CASES) {
    it(`${c.format}: precedence holds between two sources, and a changed input on PRODUCTION CIs without an RFC gives one unauthorized change per differing CI`, async () => {
      const input = (source: string, text: string) => ({
        source,
        format: c.format,
        documents: [text],
        ...(c.cluster ? { cluster: c.cluster } : {}),
      });
      expect((await run(input("a", c.before))).report.configurationItems.created).toBe(
        c.keys.length,
      );
      const again = (await run(input("a", c.before))).report;
      expect(again.configurationItems).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: c.keys.length,
      });
      for (const key of c.keys) {
        const ci = await db().app.cis.get(db().db.scope(), READER, { key });
        await db().app.cis.update(db().db.scope(), EDITOR, { key }, ci!.revision, {
          lifecycle: "PRODUCTION",
        });
      }
      const unauthorized = async () => {
        const res = await server().gql<{
          unauthorizedChangesConnection: {
            totalCount: number;
            edges: { node: { ciKey: string; changes: unknown[] } }[];
          };
        }>(
          `{ unauthorizedChangesConnection(filter: {source: "a"}) { totalCount edges { node { ciKey changes { field before after } } } } }`,
        );
        expect(res.errors).toEqual([]);
        const found = res.data!.unauthorizedChangesConnection;
        return found.edges.map((e) => e.node).sort((x, y) => x.ciKey.localeCompare(y.ciKey));
      };
      await run(input("a", c.after));
      expect(await unauthorized()).toEqual(
        c.changed.map((ciKey) => ({
          ciKey,
          changes: [{ field: c.field, before: c.was, after: c.now }],
        })),
      );
      await run(input("a", c.after));
      expect(await unauthorized()).toHaveLength(c.changed.length);

      // source a ranks above b for the field: b's other value is kept for a, as a conflict
      const precedence = async (sources: string[]) => {
        const res = await server().gql(
          `mutation Set($input: SetDiscoveryPrecedenceInput!) { setDiscoveryPrecedence(input: $input) { rules { field } } }`,
          { input: { ciType: c.ciType, field: c.field, sources } },
        );
        expect(res.errors).toEqual([]);
      };
      const valueOf = async (key: string) => {
        const res = await server().gql<{
          configurationItem: { attributes: Record<string, unknown> };
        }>(`query Ci($key: String!) { configurationItem(ref: {key: $key}) { attributes } }`, {
          key,
        });
        return res.data?.configurationItem.attributes[c.field.replace("attributes.", "")];
      };
      await precedence(["a", "b"]);
      const kept = (await run(input("b", c.before))).report;
      expect(kept.conflicts).toEqual(
        c.changed.map((key) => ({
          key,
          field: c.field,
          source: "b",
          owner: "a",
          kept: c.now,
          offered: c.was,
        })),
      );
      expect(await valueOf(c.changed[0]!)).toEqual(c.now);
      // the other way round, b writes it
      await precedence(["b", "a"]);
      const written = (await run(input("b", c.before))).report;
      expect(written.conflicts).toEqual([]);
      expect(await valueOf(c.changed[0]!)).toEqual(c.was);
    }, 240_000);
  }

  it("derives service-to-service dependencies both ways, each with the component edges behind it, as CIs for the map", async () => {
    await run({
      source: "live",
      format: "KUBERNETES",
      cluster: "prod",
      documents: [fixture("kubernetes/shop.yaml").text, fixture("kubernetes/payments.yaml").text],
    });
    const derived = async (key: string, direction: string) => {
      const res = await server().gql<{
        derivedServiceDependencies: {
          from: { key: string };
          to: { key: string };
          via: { from: { key: string }; type: string; to: { key: string } }[];
        }[];
      }>(
        `query D($key: String!, $direction: ImpactDirection!) {
          derivedServiceDependencies(service: {key: $key}, direction: $direction) {
            from { id key name type } to { id key name type }
            via { type from { id key } to { id key } }
          }
        }`,
        { key, direction },
      );
      expect(res.errors).toEqual([]);
      return res.data!.derivedServiceDependencies.map((d) => ({
        from: d.from.key,
        to: d.to.key,
        via: d.via.map((v) => `${v.from.key} ${v.type} ${v.to.key}`),
      }));
    };
    const currency = "k8s:prod/payments/service/currency";
    const edges = [
      // the NetworkPolicy's edge reaches the workload that PROVIDES the service
      "k8s:prod/shop/deployment/frontend CONNECTS_TO k8s:prod/payments/deployment/currency",
      "k8s:prod/shop/deployment/frontend DEPENDS_ON k8s:prod/payments/service/currency",
    ];
    expect(await derived("k8s:prod/namespace/shop", "DEPENDENCIES")).toEqual([
      { from: "k8s:prod/namespace/shop", to: currency, via: edges },
    ]);
    // the other way: the frontend's Service depends on currency through the same edges
    const dependents = await derived(currency, "DEPENDENTS");
    expect(dependents).toContainEqual({
      from: "k8s:prod/shop/service/frontend",
      to: currency,
      via: edges,
    });
    expect(dependents.every((d) => d.to === currency && d.via.length > 0)).toBe(true);
    expect(await derived("nope", "DEPENDENCIES")).toEqual([]);
  }, 240_000);

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
