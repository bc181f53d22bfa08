import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { carryThrough, flowRequests, issueFlowTokens } from "../support/change-flow.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

interface Comparison {
  empty: boolean;
  addedCis: { key: string }[];
  removedCis: { key: string }[];
  changedCis: { key: string; changes: { field: string; before: unknown; after: unknown }[] }[];
  addedRelationships: { from: string; type: string; to: string }[];
  removedRelationships: { from: string; type: string; to: string }[];
}

const COMPARE = `query($b: BaselineReferenceInput!) { compareBaseline(baseline: $b) {
  empty addedCis { key } removedCis { key } changedCis { key changes { field before after } }
  addedRelationships { from type to } removedRelationships { from type to } } }`;

const rel = (r: { from: string; type: string; to: string }) => `${r.from} ${r.type} ${r.to}`;

/** An RFC's operations, one type per kind. */
const OPERATIONS = `__typename
  ... on RfcUpdateCiOperation { ci changes { fields version replaceAttributes } }
  ... on RfcRetireCiOperation { ci }
  ... on RfcAddRelationshipOperation { from to }
  ... on RfcRemoveRelationshipOperation { from to }`;

describe("baselines through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const tokens: Record<string, string> = {};

  const { as, ok } = flowRequests(server, tokens);

  const carryOut = (id: string) => carryThrough(server(), tokens, id);

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
    Object.assign(tokens, await issueFlowTokens(server()));
  });

  it("shows the drift an RFC made exactly, and a restore RFC brings it back to none", async () => {
    const taken = await ok<{
      takeBaseline: {
        baseline: {
          name: string;
          ciCount: number;
          relationshipCount: number;
          scope: { description: string };
        };
      };
    }>(
      "eddie",
      `mutation { takeBaseline(input: { name: "shop before", scope: { kind: DEPENDENCIES, ciKey: "bs-shop" } }) { baseline { name ciCount relationshipCount scope { description } } } }`,
    );
    expect(taken.takeBaseline.baseline).toEqual({
      name: "shop before",
      ciCount: 11,
      relationshipCount: 12,
      scope: { description: "bs-shop and what it depends on" },
    });
    const content = await ok<{ baseline: { configurationItems: { nodes: { key: string }[] } } }>(
      "rita",
      `{ baseline(ref: { name: "shop before" }) { configurationItems(first: 50) { nodes { key } } } }`,
    );
    expect(content.baseline.configurationItems.nodes.map((c) => c.key)).toEqual([
      "app-web",
      "bs-shop",
      "cl-web",
      "db-orders",
      "host-a",
      "host-b",
      "os-a",
      "vm-1",
      "vm-2",
      "vm-3",
      "vm-db",
    ]);
    const none = await ok<{ compareBaseline: Comparison }>("rita", COMPARE, {
      b: { name: "shop before" },
    });
    expect(none.compareBaseline.empty).toBe(true);

    // an RFC changes the shop's dependencies
    const draft = await ok<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($input: CreateRfcInput!) { createRfc(input: $input) { rfc { id } } }`,
      {
        input: {
          title: "Cache for the web app, vm-3 out of the cluster",
          backOutPlan: "back out",
          operations: [
            {
              updateCi: {
                ci: "db-orders",
                changes: { version: "16", attributes: { engine: "postgres" } },
              },
            },
            { createCi: { key: "db-cache", name: "Cache", type: "Database" } },
            { addRelationship: { from: "app-web", to: "db-cache", type: "DEPENDS_ON" } },
            { removeRelationship: { ends: { from: "vm-3", to: "cl-web", type: "MEMBER_OF" } } },
          ],
        },
      },
    );
    await carryOut(draft.createRfc.rfc.id);

    const drift = (
      await ok<{ compareBaseline: Comparison }>("rita", COMPARE, { b: { name: "shop before" } })
    ).compareBaseline;
    expect(drift.empty).toBe(false);
    expect(drift.addedCis).toEqual([{ key: "db-cache" }]);
    expect(drift.removedCis).toEqual([{ key: "vm-3" }]);
    expect(drift.changedCis).toEqual([
      {
        key: "db-orders",
        changes: [
          { field: "version", before: null, after: "16" },
          { field: "attributes.engine", before: null, after: "postgres" },
        ],
      },
    ]);
    expect(drift.addedRelationships.map(rel)).toEqual(["app-web DEPENDS_ON db-cache"]);
    expect(drift.removedRelationships.map(rel)).toEqual([
      "vm-3 HOSTED_ON host-b",
      "vm-3 MEMBER_OF cl-web",
    ]);

    // restore: an RFC whose operations undo exactly that
    const restore = await ok<{
      restoreBaseline: {
        rfc: {
          id: string;
          state: string;
          operations: Record<string, unknown>[];
        };
      };
    }>(
      "rick",
      `mutation { restoreBaseline(input: { baseline: { name: "shop before" } }) { rfc { id state operations { ${OPERATIONS} } } } }`,
    );
    expect(restore.restoreBaseline.rfc.state).toBe("DRAFT");
    expect(restore.restoreBaseline.rfc.operations).toEqual([
      { __typename: "RfcRemoveRelationshipOperation", from: "app-web", to: "db-cache" },
      {
        __typename: "RfcUpdateCiOperation",
        ci: "db-orders",
        changes: { fields: ["VERSION", "ATTRIBUTES"], version: null, replaceAttributes: {} },
      },
      { __typename: "RfcAddRelationshipOperation", from: "vm-3", to: "cl-web" },
      { __typename: "RfcRetireCiOperation", ci: "db-cache" },
    ]);
    await carryOut(restore.restoreBaseline.rfc.id);
    const after = await ok<{ compareBaseline: Comparison }>("rita", COMPARE, {
      b: { name: "shop before" },
    });
    expect(after.compareBaseline).toEqual({
      empty: true,
      addedCis: [],
      removedCis: [],
      changedCis: [],
      addedRelationships: [],
      removedRelationships: [],
    });
  });

  it("restores a scope an existing CI joined by removing what brought it in, never by retiring it", async () => {
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "web", scope: { kind: DEPENDENCIES, ciKey: "app-web" } }) { baseline { id } } }`,
    );
    await ok(
      "eddie",
      `mutation { createRelationship(input: { from: { key: "app-web" }, to: { key: "app-a" }, type: "CONSUMES" }) { relationship { id } } }`,
    );
    const drift = (
      await ok<{ compareBaseline: Comparison }>("rita", COMPARE, { b: { name: "web" } })
    ).compareBaseline;
    expect(drift.addedCis.map((c) => c.key)).toEqual(["app-a", "app-b"]);
    const restore = await ok<{
      restoreBaseline: {
        rfc: { operations: Record<string, unknown>[] };
      };
    }>(
      "rick",
      `mutation { restoreBaseline(input: { baseline: { name: "web" } }) { rfc { operations { ${OPERATIONS} } } } }`,
    );
    expect(restore.restoreBaseline.rfc.operations).toEqual([
      { __typename: "RfcRemoveRelationshipOperation", from: "app-web", to: "app-a" },
    ]);
  });

  it("compares two baselines, and takes one as of a past instant", async () => {
    const before = new Date().toISOString();
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "prod 1", scope: { kind: CI_TYPE, ciType: "VirtualMachine" } }) { baseline { id } } }`,
    );
    const vm = await ok<{ configurationItem: { revision: number } }>(
      "rita",
      `{ configurationItem(ref: { key: "vm-1" }) { revision } }`,
    );
    await ok(
      "eddie",
      `mutation($r: Int!) { updateConfigurationItem(input: { ci: { key: "vm-1" }, revision: $r, changes: { owner: "ops" } }) { configurationItem { revision } } }`,
      { r: vm.configurationItem.revision },
    );
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "prod 2", scope: { kind: CI_TYPE, ciType: "VirtualMachine" } }) { baseline { id } } }`,
    );
    const two = await ok<{ compareBaseline: Comparison }>(
      "rita",
      `query { compareBaseline(baseline: { name: "prod 1" }, against: { name: "prod 2" }) { empty changedCis { key changes { field before after } } addedCis { key } removedCis { key } addedRelationships { type } removedRelationships { type } } }`,
    );
    expect(two.compareBaseline.changedCis).toEqual([
      { key: "vm-1", changes: [{ field: "owner", before: null, after: "ops" }] },
    ]);
    const past = await ok<{ takeBaseline: { baseline: { asOf: string } } }>(
      "eddie",
      `mutation($t: DateTime) { takeBaseline(input: { name: "then", asOf: $t, scope: { kind: LIST, ciKeys: ["vm-1"] } }) { baseline { asOf } } }`,
      { t: before },
    );
    expect(past.takeBaseline.baseline.asOf).toBe(before);
    const thenVsNow = await ok<{ compareBaseline: Comparison }>("rita", COMPARE, {
      b: { name: "then" },
    });
    expect(thenVsNow.compareBaseline.changedCis).toEqual([
      { key: "vm-1", changes: [{ field: "owner", before: null, after: "ops" }] },
    ]);
  });

  it("names the field of a bad scope, refuses a duplicate name, and a READER taking one", async () => {
    const bad = await as(
      "eddie",
      `mutation { takeBaseline(input: { name: "x", scope: { kind: ENVIRONMENT } }) { baseline { id } } }`,
    );
    expect(errorCodes(bad)).toEqual(["VALIDATION"]);
    expect(bad.errors[0]!.message).toBe("scope.environment: is required (got nothing)");
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "x", scope: { kind: LIST, ciKeys: ["vm-1"] } }) { baseline { id } } }`,
    );
    const dup = await as(
      "eddie",
      `mutation { takeBaseline(input: { name: "x", scope: { kind: LIST, ciKeys: ["vm-1"] } }) { baseline { id } } }`,
    );
    expect(errorCodes(dup)).toEqual(["CONFLICT"]);
    const reader = await as(
      "rita",
      `mutation { takeBaseline(input: { name: "y", scope: { kind: LIST, ciKeys: ["vm-1"] } }) { baseline { id } } }`,
    );
    expect(errorCodes(reader)).toEqual(["FORBIDDEN"]);
    const nothing = await as(
      "rick",
      `mutation { restoreBaseline(input: { baseline: { name: "x" } }) { rfc { id } } }`,
    );
    expect(errorCodes(nothing)).toEqual(["CONFLICT"]);
    expect(nothing.errors[0]!.message).toContain("has not drifted");
  });
  it("pages baselines newest first and a baseline's CIs by key, with cursors and totalCount", async () => {
    for (const name of ["one", "two", "three"]) {
      await ok(
        "eddie",
        `mutation($n: String!) { takeBaseline(input: { name: $n, scope: { kind: CI_TYPE, ciType: "VirtualMachine" } }) { baseline { id } } }`,
        { n: name },
      );
    }
    const PAGE = `query($after: String) { baselines(first: 2, after: $after) {
      totalCount nodes { name } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    interface Answer {
      baselines: {
        totalCount: number;
        nodes: { name: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      };
    }
    const one = (await ok<Answer>("rita", PAGE)).baselines;
    expect([one.nodes.map((b) => b.name), one.totalCount]).toEqual([["three", "two"], 3]);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = (await ok<Answer>("rita", PAGE, { after: one.pageInfo.endCursor })).baselines;
    expect(two.nodes.map((b) => b.name)).toEqual(["one"]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const ITEMS = `query($after: String) { baseline(ref: { name: "one" }) {
      configurationItems(first: 3, after: $after) { totalCount nodes { key } pageInfo { hasNextPage endCursor } } } }`;
    interface Items {
      baseline: {
        configurationItems: {
          totalCount: number;
          nodes: { key: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    }
    const first = (await ok<Items>("rita", ITEMS)).baseline.configurationItems;
    expect([first.nodes.map((c) => c.key), first.totalCount]).toEqual([
      ["vm-1", "vm-2", "vm-3"],
      4,
    ]);
    const rest = (await ok<Items>("rita", ITEMS, { after: first.pageInfo.endCursor })).baseline
      .configurationItems;
    expect([rest.nodes.map((c) => c.key), rest.pageInfo.hasNextPage]).toEqual([["vm-db"], false]);

    // a cursor of one list is refused by another, and no page size is clamped
    const crossed = await as("rita", ITEMS, { after: one.pageInfo.endCursor });
    expect(errorCodes(crossed)).toEqual(["VALIDATION"]);
    expect(crossed.errors[0]!.extensions?.field).toBe("after");
    const big = await as("rita", `{ baselines(first: 101) { totalCount } }`);
    expect(errorCodes(big)).toEqual(["VALIDATION"]);
  });

  it("names a baseline by exactly one of id or name (@oneOf)", async () => {
    const taken = await ok<{ takeBaseline: { baseline: { id: string } } }>(
      "eddie",
      `mutation { takeBaseline(input: { name: "vms", scope: { kind: CI_TYPE, ciType: "VirtualMachine" } }) { baseline { id } } }`,
    );
    const id = taken.takeBaseline.baseline.id;
    const found = await ok<{ byId: { name: string }; byName: { id: string }; none: null }>(
      "rita",
      `query($id: ID!) { byId: baseline(ref: { id: $id }) { name }
        byName: baseline(ref: { name: "vms" }) { id }
        none: baseline(ref: { id: "vms" }) { id } }`,
      { id },
    );
    expect(found).toEqual({ byId: { name: "vms" }, byName: { id }, none: null });
    const both = await as(
      "rita",
      `query($id: ID!) { compareBaseline(baseline: { id: $id, name: "vms" }) { empty } }`,
      { id },
    );
    expect(errorCodes(both)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const unknown = await as("rita", `{ compareBaseline(baseline: { name: "nope" }) { empty } }`);
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
  });
});
