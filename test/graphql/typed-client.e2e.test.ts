import { readFile } from "node:fs/promises";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { typedClientOf } from "../../scripts/typed-client.js";
import { projectRoot } from "../../src/config/project-root.js";
import {
  ConfigurationItemDetailDocument,
  FindConfigurationItemsDocument,
  ImpactOfDocument,
  MeDocument,
  RaiseRfcDocument,
  RetireConfigurationItemDocument,
} from "../client/generated.js";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

describe("a client generated from schema.graphql (GraphQL Code Generator)", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();

  /** What a front-end's fetch wrapper looks like: typed by the document it sends. */
  async function request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const res = await fetch(`${server().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const body = (await res.json()) as { data?: R; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data as R;
  }

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  it("is the one committed: regenerating it from the schema changes nothing", async () => {
    const { file, source } = await typedClientOf(projectRoot());
    expect(source, "test/client/generated.ts is out of date: run `npm run client`").toBe(
      await readFile(file, "utf8"),
    );
  });

  it("pages CIs, walks an impact and raises an RFC with the types it was generated with", async () => {
    const me = await request(MeDocument, {});
    expect(me.me.roles).toContain("ADMIN");

    const page = await request(FindConfigurationItemsDocument, {
      filter: { type: "VirtualMachine" },
      first: 2,
    });
    expect(page.configurationItems.nodes.map((n) => n.key)).toEqual(["vm-1", "vm-2"]);
    expect(page.configurationItems.pageInfo.hasNextPage).toBe(true);
    const next = await request(FindConfigurationItemsDocument, {
      filter: { type: "VirtualMachine" },
      first: 2,
      after: page.configurationItems.pageInfo.endCursor ?? null,
    });
    expect(next.configurationItems.nodes.map((n) => n.key)).toEqual(["vm-3", "vm-db"]);

    const impact = await request(ImpactOfDocument, { input: { ciKeys: ["db-orders"] } });
    const services = impact.impactAnalysis.businessServices.map(
      (s) => `${s.configurationItem.key}:${s.impactLevel}`,
    );
    expect(services.sort()).toEqual(["bs-report:DOWN", "bs-shop:DOWN"]);
    const web = impact.impactAnalysis.impacted.find((i) => i.configurationItem.key === "app-web");
    expect(web?.path.map((p) => p.key)).toEqual(["db-orders", "app-web"]);

    const rfc = await request(RaiseRfcDocument, {
      input: { title: "Patch the orders database", affectedCiKeys: ["db-orders"] },
    });
    expect(rfc.createRfc.rfc.state).toBe("DRAFT");
    expect(rfc.createRfc.rfc.affectedConfigurationItems.map((c) => c.key)).toEqual(["db-orders"]);
  });

  it("reads a CI by a @oneOf reference, retires it through its payload and pages its history", async () => {
    const before = await request(ConfigurationItemDetailDocument, {
      ref: { key: "vm-db" },
      historyFirst: 10,
    });
    const ci = before.configurationItem;
    expect(ci?.relationships.nodes.map((r) => `${r.label} ${r.other.key}`).sort()).toEqual([
      "HOSTED_ON host-b",
      "RUNS db-orders",
    ]);
    const retired = await request(RetireConfigurationItemDocument, {
      input: { ci: { id: ci?.id ?? "" }, revision: ci?.revision ?? 0, reason: "decommissioned" },
    });
    expect(retired.retireConfigurationItem.configurationItem.lifecycle).toBe("RETIRED");
    const after = await request(ConfigurationItemDetailDocument, {
      ref: { id: ci?.id ?? "" },
      historyFirst: 1,
    });
    expect(after.configurationItem?.history.totalCount).toBe(2);
    expect(after.configurationItem?.history.nodes.map((v) => [v.operation, v.rfcId])).toEqual([
      ["RETIRE", null],
    ]);
  });
});
