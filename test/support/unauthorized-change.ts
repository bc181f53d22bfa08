import { expect } from "vitest";
import type { TestServer } from "./test-server.js";

/** The key discovery gives the Deployment `web` of the cluster `prod`. */
export const WEB_KEY = "k8s:prod/default/deployment/web";

const RUN = `mutation($input: RunDiscoveryInput!) { runDiscovery(input: $input) { report { applied errorCount unauthorizedChanges { key } } } }`;

const deployment = (replicas: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${String(replicas)}\n  template:\n    spec:\n      containers: [{name: main, image: "nginx:1.27"}]\n`;

/**
 * An unauthorized change made the way it happens, through GraphQL: the source `live` reports a
 * Deployment, the CI is put in PRODUCTION, and the source's next run finds it scaled from 2 to
 * 3 replicas with no RFC covering it. Returns the change's id.
 */
export async function makeUnauthorizedChange(server: TestServer): Promise<string> {
  const run = async (replicas: number) => {
    const res = await server.gql<{
      runDiscovery: { report: { applied: boolean; unauthorizedChanges: { key: string }[] } };
    }>(RUN, {
      input: {
        source: "live",
        format: "KUBERNETES",
        cluster: "prod",
        documents: [deployment(replicas)],
      },
    });
    expect(res.errors).toEqual([]);
    return res.data!.runDiscovery.report;
  };
  expect((await run(2)).applied).toBe(true);
  const read = await server.gql<{ configurationItem: { revision: number } }>(
    `query($key: String!) { configurationItem(ref: { key: $key }) { revision } }`,
    { key: WEB_KEY },
  );
  const update = await server.gql(
    `mutation($input: UpdateConfigurationItemInput!) { updateConfigurationItem(input: $input) { configurationItem { lifecycle } } }`,
    {
      input: {
        ci: { key: WEB_KEY },
        revision: read.data!.configurationItem.revision,
        changes: { lifecycle: "PRODUCTION" },
      },
    },
  );
  expect(update.errors).toEqual([]);
  expect((await run(3)).unauthorizedChanges).toEqual([{ key: WEB_KEY }]);
  const list = await server.gql<{
    unauthorizedChangesConnection: { nodes: { id: string; status: string }[] };
  }>(`{ unauthorizedChangesConnection(filter: { source: "live" }) { nodes { id status } } }`);
  expect(list.errors).toEqual([]);
  const nodes = list.data!.unauthorizedChangesConnection.nodes;
  expect(nodes.map((n) => n.status)).toEqual(["OPEN"]);
  return nodes[0]!.id;
}
