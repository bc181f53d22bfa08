import { describe, expect, it } from "vitest";
import { errorCodes, useTestServer } from "../support/test-server.js";
import { useTestDatabase } from "../support/test-database.js";
import { createTestUser } from "../support/users.js";

const CREATE_TOKEN = `
  mutation Create($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret apiToken { id user roles } }
  }`;

interface Created {
  createApiToken: { secret: string; apiToken: { id: string; user: string; roles: string[] } };
}

describe("authentication over HTTP", () => {
  useTestDatabase();
  const server = useTestServer();

  async function issue(user: string, roles: string[]): Promise<Created["createApiToken"]> {
    await createTestUser(server(), user, roles);
    const res = await server().gql<Created>(CREATE_TOKEN, { input: { user, roles } });
    expect(res.errors).toEqual([]);
    return res.data!.createApiToken;
  }

  it("refuses a GraphQL request without a token: 401 UNAUTHENTICATED, no data", async () => {
    const res = await server().gql("{ me { user } }", {}, { token: null });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(res.data).toBeNull();
  });

  it("refuses an unknown token, saying the token is invalid (RFC 6750)", async () => {
    const res = await server().gql("{ me { user } }", {}, { token: "gcmdb_not-a-real-token" });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer realm="graph-cmdb", error="invalid_token"',
    );
  });

  it("serves /healthz and /readyz without a token", async () => {
    const health = await fetch(`${server().url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server().url}/readyz`);
    expect(ready.status).toBe(200);
    const { impactWalk, ...readiness } = (await ready.json()) as {
      impactWalk: { engine: string; pluginVersion: string | null; reason: string };
    };
    expect(readiness).toEqual({
      ready: true,
      neo4j: "ok",
      pendingMigrations: [],
      importsInProgress: [],
    });
    // which walk analyses use: the plugin's procedure (with its version) or the Cypher walk
    expect(["procedure", "cypher"]).toContain(impactWalk.engine);
    expect(impactWalk.reason.length).toBeGreaterThan(0);
  });

  it("puts the token's user and roles in the request context", async () => {
    const issued = await issue("dora", ["REQUESTER", "APPROVER"]);
    const res = await server().gql<{
      me: { user: string; roles: string[]; token: { id: string } };
    }>("{ me { user roles token { id } } }", {}, { token: issued.secret });
    expect(res.errors).toEqual([]);
    expect(res.data?.me).toEqual({
      user: "dora",
      roles: ["REQUESTER", "APPROVER"],
      token: { id: issued.apiToken.id },
    });
  });

  it("refuses token management to a non-ADMIN with FORBIDDEN", async () => {
    const reader = await issue("rita", ["READER"]);
    const res = await server().gql(
      CREATE_TOKEN,
      { input: { user: "x", roles: ["ADMIN"] } },
      { token: reader.secret },
    );
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    const list = await server().gql<{ apiTokens: { nodes: { user: string }[] } }>(
      "{ apiTokens { nodes { user } } }",
    );
    expect(list.data?.apiTokens.nodes.map((t) => t.user)).toEqual(["rita"]);
  });

  it("answers bad input with VALIDATION naming the field and the value", async () => {
    const res = await server().gql(CREATE_TOKEN, {
      input: { user: "has space", roles: ["READER"] },
    });
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]?.extensions).toMatchObject({ field: "user", value: "has space" });
  });

  it("revoked tokens stop working at once", async () => {
    const issued = await issue("eve", ["READER"]);
    const revoke = await server().gql(
      "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }",
      {
        id: issued.apiToken.id,
      },
    );
    expect(revoke.errors).toEqual([]);
    const res = await server().gql("{ me { user } }", {}, { token: issued.secret });
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
  });

  it("returns bookmarks after a write, and accepts them back on the next request", async () => {
    await createTestUser(server(), "fay", ["READER"]);
    const created = await server().gql<Created>(CREATE_TOKEN, {
      input: { user: "fay", roles: ["READER"] },
    });
    const bookmarks = created.headers.get("x-graph-cmdb-bookmarks");
    expect(bookmarks).toMatch(/\S+/);
    const res = await server().gql<{ apiTokens: { nodes: { user: string }[] } }>(
      "{ apiTokens { nodes { user } } }",
      {},
      { headers: { "x-graph-cmdb-bookmarks": bookmarks! } },
    );
    expect(res.data?.apiTokens.nodes.map((t) => t.user)).toEqual(["fay"]);
  });

  it("pages the tokens newest first, revoked ones when the filter asks, ADMIN only", async () => {
    await issue("ann", ["READER"]);
    const ben = await issue("ben", ["READER"]);
    const cy = await issue("cy", ["READER"]);
    const revoked = await server().gql<{ revokeApiToken: { apiToken: { id: string } } }>(
      "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }",
      { id: ben.apiToken.id },
    );
    expect(revoked.data?.revokeApiToken.apiToken.id).toBe(ben.apiToken.id);
    const PAGE = `query($after: String, $f: ApiTokenFilter) { apiTokens(first: 2, after: $after, filter: $f) {
      totalCount nodes { user } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    interface Answer {
      apiTokens: {
        totalCount: number;
        nodes: { user: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      };
    }
    const active = (await server().gql<Answer>(PAGE)).data!.apiTokens;
    expect([active.nodes.map((t) => t.user), active.totalCount]).toEqual([["cy", "ann"], 2]);
    expect(active.pageInfo.hasNextPage).toBe(false);
    const f = { includeRevoked: true };
    const one = (await server().gql<Answer>(PAGE, { f })).data!.apiTokens;
    expect([one.nodes.map((t) => t.user), one.totalCount]).toEqual([["cy", "ben"], 3]);
    const two = (await server().gql<Answer>(PAGE, { f, after: one.pageInfo.endCursor })).data!
      .apiTokens;
    expect(two.nodes.map((t) => t.user)).toEqual(["ann"]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const big = await server().gql(`{ apiTokens(first: 101) { totalCount } }`);
    expect(errorCodes(big)).toEqual(["VALIDATION"]);
    const reader = await server().gql(`{ apiTokens { totalCount } }`, {}, { token: cy.secret });
    expect(errorCodes(reader)).toEqual(["FORBIDDEN"]);
    // 0.1.0's selection still answers, through the deprecated token field
    await createTestUser(server(), "dan", ["READER"]);
    const old = await server().gql<{ createApiToken: { token: { user: string } } }>(
      `mutation { createApiToken(input: { user: "dan", roles: [READER] }) { token { user } } }`,
    );
    expect(old.data?.createApiToken.token.user).toBe("dan");
  });

  it("masks unexpected errors: no stack, no internals", async () => {
    const res = await server().gql("{ nosuchfield }");
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(JSON.stringify(res.errors)).not.toContain("stacktrace");
  });
  it("refuses a query nested past the depth limit before running it", async () => {
    const deep =
      "{ configurationItems { nodes { relationships { nodes { other { relationships { nodes { other { relationships { nodes { other { relationships { nodes { other { key } } } } } } } } } } } } } } }";
    const res = await server().gql(deep);
    expect(res.status).toBe(400);
    expect(res.errors[0]?.message).toMatch(/depth/i);
  });

  it("refuses a query with too many aliases", async () => {
    const aliases = Array.from({ length: 25 }, (_, i) => `a${String(i)}: me { user }`).join(" ");
    const res = await server().gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors[0]?.message).toMatch(/aliases/i);
  });
});

describe("users as records over HTTP", () => {
  useTestDatabase();
  const server = useTestServer();
  const USER = `id name displayName roles active deactivatedAt createdBy`;

  it("an ADMIN creates a user once, lists them, finds them by name and by id; others may not", async () => {
    const created = await server().gql<{ createUser: { user: Record<string, unknown> } }>(
      `mutation { createUser(input: { name: "Lena", displayName: "Lena M.", roles: [APPROVER, READER] }) { user { ${USER} } } }`,
    );
    expect(created.errors).toEqual([]);
    const lena = created.data!.createUser.user;
    expect(lena).toMatchObject({
      name: "lena",
      displayName: "Lena M.",
      roles: ["APPROVER", "READER"],
      active: true,
      deactivatedAt: null,
      createdBy: "admin",
    });
    const twice = await server().gql(
      `mutation { createUser(input: { name: "LENA", roles: [READER] }) { user { id } } }`,
    );
    expect(errorCodes(twice)).toEqual(["CONFLICT"]);
    const bad = await server().gql(
      `mutation { createUser(input: { name: "a\\u0007b", roles: [READER] }) { user { id } } }`,
    );
    expect(errorCodes(bad)).toEqual(["VALIDATION"]);
    expect(bad.errors[0]?.extensions).toMatchObject({ field: "name" });

    const found = await server().gql<{
      user: { id: string } | null;
      node: { name: string } | null;
      users: { totalCount: number; nodes: { name: string }[] };
    }>(
      `query($id: ID!) { user(name: "LENA") { id } node(id: $id) { ... on User { name } } users { totalCount nodes { name } } }`,
      { id: lena.id },
    );
    expect(found.data).toEqual({
      user: { id: lena.id },
      node: { name: "lena" },
      users: { totalCount: 1, nodes: [{ name: "lena" }] },
    });

    await createTestUser(server(), "rita", ["READER"]);
    const token = await server().gql<{ createApiToken: { secret: string } }>(
      `mutation { createApiToken(input: { user: "rita", roles: [READER] }) { secret } }`,
    );
    const rita = token.data!.createApiToken.secret;
    const own = await server().gql<{ user: { name: string } }>(
      `{ user(name: "rita") { name } }`,
      {},
      { token: rita },
    );
    expect(own.data?.user.name).toBe("rita");
    for (const q of [
      `{ users { totalCount } }`,
      `{ user(name: "lena") { name } }`,
      `mutation { createUser(input: { name: "x", roles: [READER] }) { user { id } } }`,
      `mutation { deactivateUser(input: { name: "lena" }) { user { id } } }`,
    ]) {
      const res = await server().gql(q, {}, { token: rita });
      expect([q, errorCodes(res)]).toEqual([q, ["FORBIDDEN"]]);
    }
  });

  it("deactivating a user stops their tokens at once; reactivating restores them; both audited", async () => {
    await createTestUser(server(), "max", ["EDITOR"]);
    const issued = await server().gql<{ createApiToken: { secret: string } }>(
      `mutation { createApiToken(input: { user: "max", roles: [EDITOR] }) { secret } }`,
    );
    const max = issued.data!.createApiToken.secret;
    const tooMuch = await server().gql(
      `mutation { createApiToken(input: { user: "max", roles: [APPROVER] }) { secret } }`,
    );
    expect(errorCodes(tooMuch)).toEqual(["VALIDATION"]);
    expect(tooMuch.errors[0]?.extensions).toMatchObject({ field: "roles", value: ["APPROVER"] });

    const off = await server().gql<{ deactivateUser: { user: { active: boolean } } }>(
      `mutation { deactivateUser(input: { name: "Max" }) { user { active } } }`,
    );
    expect(off.data?.deactivateUser.user.active).toBe(false);
    const refused = await server().gql("{ me { user } }", {}, { token: max });
    expect([refused.status, errorCodes(refused)]).toEqual([401, ["UNAUTHENTICATED"]]);
    const listed = await server().gql<{ users: { nodes: { name: string }[] } }>(
      `{ users(filter: { includeDeactivated: true }) { nodes { name } } active: users { nodes { name } } }`,
    );
    expect(listed.data?.users.nodes.map((u) => u.name)).toEqual(["max"]);
    expect((listed.data as unknown as { active: { nodes: unknown[] } }).active.nodes).toEqual([]);

    await server().gql(`mutation { reactivateUser(input: { name: "max" }) { user { active } } }`);
    const back = await server().gql<{ me: { user: string } }>(
      "{ me { user } }",
      {},
      { token: max },
    );
    expect(back.data?.me.user).toBe("max");
    const unknown = await server().gql(
      `mutation { deactivateUser(input: { name: "nobody" }) { user { id } } }`,
    );
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);

    const trail = await server().gql<{
      auditTrail: {
        nodes: { operation: string; actor: string; issuedBy: string; targetKey: string }[];
      };
    }>(
      `{ auditTrail(filter: { targetType: USER }) { nodes { operation actor issuedBy targetKey } } }`,
    );
    expect(trail.data?.auditTrail.nodes).toEqual([
      {
        operation: "REACTIVATE",
        actor: "admin",
        issuedBy: "config:GRAPH_CMDB_ADMIN_TOKEN",
        targetKey: "max",
      },
      {
        operation: "DEACTIVATE",
        actor: "admin",
        issuedBy: "config:GRAPH_CMDB_ADMIN_TOKEN",
        targetKey: "max",
      },
      {
        operation: "CREATE",
        actor: "admin",
        issuedBy: "config:GRAPH_CMDB_ADMIN_TOKEN",
        targetKey: "max",
      },
    ]);
  });

  it("narrowing a user's roles narrows the tokens they hold at once", async () => {
    await createTestUser(server(), "nia", ["EDITOR", "APPROVER"]);
    const issued = await server().gql<{ createApiToken: { secret: string } }>(
      `mutation { createApiToken(input: { user: "nia", roles: [EDITOR, APPROVER] }) { secret } }`,
    );
    const nia = issued.data!.createApiToken.secret;
    const roles = async () =>
      (await server().gql<{ me: { roles: string[] } }>("{ me { roles } }", {}, { token: nia })).data
        ?.me.roles;
    expect(await roles()).toEqual(["EDITOR", "APPROVER"]);
    const updated = await server().gql<{
      updateUser: { user: { roles: string[]; displayName: string | null } };
    }>(
      `mutation { updateUser(input: { name: "NIA", roles: [EDITOR], displayName: "Nia" }) { user { roles displayName } } }`,
    );
    expect(updated.data?.updateUser.user).toEqual({ roles: ["EDITOR"], displayName: "Nia" });
    expect(await roles()).toEqual(["EDITOR"]);
    const unknown = await server().gql(
      `mutation { updateUser(input: { name: "nobody", roles: [READER] }) { user { id } } }`,
    );
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
    const empty = await server().gql(
      `mutation { updateUser(input: { name: "nia", roles: [] }) { user { id } } }`,
    );
    expect(errorCodes(empty)).toEqual(["VALIDATION"]);
  });
});
