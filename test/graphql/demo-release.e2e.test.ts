import { beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { carryThrough, flowRequests, issueFlowTokens } from "../support/change-flow.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

/** The release the demo estate teaches (docs/demo-estate.md): Checkout 2.4.0, TEST then PRODUCTION. */
describe("a release walked through the demo estate", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const tokens: Record<string, string> = {};

  beforeEach(async () => {
    const loaded = await loadDemoEstateIfEmpty(ctx().db.scope(), ctx().app, projectRoot());
    expect(loaded?.errorCount).toBe(0);
    Object.assign(tokens, await issueFlowTokens(server()));
  });

  const { ok } = flowRequests(server, tokens);
  const versions = async () => {
    const read = async (key: string) =>
      (
        await ok<{ configurationItem: { version: string } }>(
          "rita",
          `query($k: String!) { configurationItem(ref: { key: $k }) { version } }`,
          { k: key },
        )
      ).configurationItem.version;
    return { test: await read("app-checkout-test"), production: await read("app-checkout") };
  };
  const DEPLOY = `mutation($id: ID!, $stage: DeploymentStage!, $rfc: ID!, $b: BaselineReferenceInput) {
    deployRelease(input: { release: { id: $id }, stage: $stage, rfcId: $rfc, baseline: $b }) { release { status } } }`;
  const prepareAndApprove = async (id: string, stage: string) => {
    const rfc = (
      await ok<{ prepareReleaseDeployment: { rfc: { id: string } } }>(
        "rick",
        `mutation($id: ID!, $stage: DeploymentStage!) { prepareReleaseDeployment(input: { release: { id: $id }, stage: $stage }) { rfc { id } } }`,
        { id, stage },
      )
    ).prepareReleaseDeployment.rfc.id;
    await carryThrough(server(), tokens, rfc, { implement: false });
    return rfc;
  };

  it("deploys Checkout 2.4.0 to TEST, is accepted, baselined, and deployed to PRODUCTION", async () => {
    expect(await versions()).toEqual({ test: "2.3.1", production: "2.3.1" });
    const created = await ok<{ createRelease: { release: { id: string; serviceKeys: string[] } } }>(
      "rick",
      `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id serviceKeys } } }`,
      {
        input: {
          name: "checkout",
          version: "2.4.0",
          type: "MINOR",
          plannedDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          contents: [
            { ciKey: "app-checkout", version: "2.4.0" },
            { ciKey: "app-checkout-test", version: "2.4.0" },
          ],
          deploymentPlan: [
            { stage: "TEST", description: "deploy to the test cluster, run the suite" },
            { stage: "PRODUCTION", description: "rolling update of the three replicas" },
          ],
          rollbackPlan: "roll back to 2.3.1",
        },
      },
    );
    const id = created.createRelease.release.id;
    expect(created.createRelease.release.serviceKeys).toEqual(["bs-online-checkout"]);
    await ok(
      "rick",
      `mutation($id: ID!) { markReleaseBuilt(input: { release: { id: $id } }) { release { status } } }`,
      { id },
    );

    const testRfc = await prepareAndApprove(id, "TEST");
    await ok("eddie", DEPLOY, { id, stage: "TEST", rfc: testRfc });
    expect(await versions()).toEqual({ test: "2.4.0", production: "2.3.1" });

    await ok(
      "alice",
      `mutation($id: ID!) { acceptRelease(input: { release: { id: $id } }) { release { status } } }`,
      { id },
    );
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "before checkout 2.4.0", scope: { kind: DEPENDENCIES, ciKey: "app-checkout" } }) { baseline { id } } }`,
    );
    const prodRfc = await prepareAndApprove(id, "PRODUCTION");
    const live = await ok<{ deployRelease: { release: { status: string } } }>("eddie", DEPLOY, {
      id,
      stage: "PRODUCTION",
      rfc: prodRfc,
      b: { name: "before checkout 2.4.0" },
    });
    expect(live.deployRelease.release.status).toBe("DEPLOYED_TO_PRODUCTION");
    expect(await versions()).toEqual({ test: "2.4.0", production: "2.4.0" });
  }, 180_000);
});
