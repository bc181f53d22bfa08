import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

const ISSUE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret token { user } } }`;

describe("separation of duties holds whoever mints the tokens", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let ada = "";

  /** A token for `user` issued by whoever holds `by` (the configured admin token when null). */
  async function issue(by: string | null, user: string, role: string) {
    const res = await server().gql<{ createApiToken: { secret: string; token: { user: string } } }>(
      ISSUE,
      { i: { user, roles: [role] } },
      by === null ? {} : { token: by },
    );
    expect(res.errors).toEqual([]);
    return res.data!.createApiToken;
  }
  const as = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    server().gql<Record<string, { rfc: { id: string; state: string } }>>(query, variables, {
      token,
    });

  /** An RFC ada requested, submitted and assessed: waiting for its approvals. */
  async function adasRfc(): Promise<string> {
    const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const created = await as(
      ada,
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Patch host A",
          affectedCiKeys: ["host-a"],
          plannedStart: soon(1),
          plannedEnd: soon(3),
        },
      },
    );
    const id = created.data!.createRfc!.rfc.id;
    await as(ada, `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, { id });
    const assessed = await as(
      ada,
      `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { id state } } }`,
      { id },
    );
    expect(assessed.errors).toEqual([]);
    return id;
  }
  const approve = (token: string, id: string) =>
    as(token, `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id state } } }`, { id });

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
    ada = (await issue(null, "ada", "ADMIN")).secret;
  });

  it("refuses an approval through a token the requester issued under another name", async () => {
    const id = await adasRfc();
    const mallory = (await issue(ada, "mallory", "APPROVER")).secret;
    const res = await approve(mallory, id);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    expect(res.errors[0]?.message).toContain(
      "mallory's token was issued by ada, who requested RFC-",
    );
  });

  it("takes user names in one spelling: ADA is ada, and cannot approve ada's RFC", async () => {
    const id = await adasRfc();
    const shouting = await issue(null, "ADA", "APPROVER");
    expect(shouting.token.user).toBe("ada");
    const res = await approve(shouting.secret, id);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    expect(res.errors[0]?.message).toContain("ada requested RFC-");
  });

  it("lets an approver whose token someone else issued approve", async () => {
    const id = await adasRfc();
    const bob = (await issue(null, "bob", "APPROVER")).secret;
    const res = await approve(bob, id);
    expect(res.errors).toEqual([]);
  });
});
