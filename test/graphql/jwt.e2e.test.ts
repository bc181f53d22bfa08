import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
} from "../support/identity-provider.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, startTestServer, type TestServer } from "../support/test-server.js";
import { createTestUser } from "../support/users.js";

const AUDIENCE = "graph-cmdb";
const now = () => Math.floor(Date.now() / 1000);
const ME = `{ me { user roles issuedBy } }`;

describe("JWT bearer tokens of an external identity provider", () => {
  useTestDatabase();
  let idp: TestIdentityProvider;
  let server: TestServer;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    server = await startTestServer({
      GRAPH_CMDB_JWT_ISSUER: idp.issuer,
      GRAPH_CMDB_JWT_AUDIENCE: AUDIENCE,
      GRAPH_CMDB_JWT_JWKS_URI: idp.jwksUri,
    });
  });
  afterAll(async () => {
    await server.running.stop();
    await idp.close();
  });

  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: idp.issuer,
    aud: AUDIENCE,
    sub: "6a1f0c52-user-id",
    preferred_username: "Jill",
    roles: ["approver", "admin", "offline_access"],
    iat: now(),
    exp: now() + 300,
    ...extra,
  });
  const call = (token: string, query = ME, variables: Record<string, unknown> = {}) =>
    server.gql<{ me: { user: string; roles: string[]; issuedBy: string } }>(query, variables, {
      token,
    });

  it("accepts a valid token of an active user, with the roles the user may be given, the provider as issuer", async () => {
    await createTestUser(server, "jill", ["APPROVER"]);
    const res = await call(idp.sign(claims()));
    expect(res.errors).toEqual([]);
    // ADMIN in the token is not the user's to be given; offline_access is no role of ours
    expect(res.data?.me).toEqual({ user: "jill", roles: ["APPROVER"], issuedBy: idp.issuer });
    expect(idp.fetches()).toBeGreaterThan(0);
  });

  it("names the user by `sub` when the token has no preferred_username", async () => {
    await createTestUser(server, "svc-deployer", ["READER"]);
    const res = await call(
      idp.sign(claims({ preferred_username: undefined, sub: "svc-deployer", roles: "reader" })),
    );
    expect(res.data?.me).toMatchObject({ user: "svc-deployer", roles: ["READER"] });
  });

  it("refuses expired, wrong-audience, wrong-issuer and forged tokens with 401 invalid_token", async () => {
    await createTestUser(server, "jill", ["APPROVER"]);
    const refused = {
      expired: idp.sign(claims({ iat: now() - 3600, exp: now() - 600 })),
      "wrong audience": idp.sign(claims({ aud: "another-api" })),
      "wrong issuer": idp.sign(claims({ iss: "https://idp.example.com/other" })),
      "bad signature": idp.sign(claims(), { key: idp.strangerKey }),
      "no expiry": idp.sign(claims({ exp: undefined })),
    };
    for (const [why, token] of Object.entries(refused)) {
      const res = await call(token);
      expect([why, res.status, errorCodes(res)]).toEqual([why, 401, ["UNAUTHENTICATED"]]);
      expect([why, res.headers.get("www-authenticate")]).toEqual([
        why,
        'Bearer realm="graph-cmdb", error="invalid_token"',
      ]);
      expect(res.data).toBeNull();
    }
    const expired = await call(refused.expired);
    expect(expired.errors[0]?.message).toBe("the JWT is not valid: it has expired");
  });

  it("refuses a valid token whose user is no user of the CMDB, or deactivated", async () => {
    const unknown = await call(idp.sign(claims({ preferred_username: "stranger" })));
    expect([unknown.status, errorCodes(unknown)]).toEqual([401, ["UNAUTHENTICATED"]]);
    expect(unknown.errors[0]?.message).toContain('"stranger" is not an active user');

    await createTestUser(server, "jill", ["APPROVER"]);
    const token = idp.sign(claims());
    expect((await call(token)).errors).toEqual([]);
    const off = await server.gql(
      `mutation { deactivateUser(input: { name: "jill" }) { user { active } } }`,
    );
    expect(off.errors).toEqual([]);
    const res = await call(token);
    expect([res.status, errorCodes(res)]).toEqual([401, ["UNAUTHENTICATED"]]);
  });

  it("records the identity provider as the issuer of a write in the audit trail", async () => {
    await createTestUser(server, "ed", ["EDITOR"]);
    const token = idp.sign(claims({ preferred_username: "ed", roles: ["EDITOR"] }));
    const created = await server.gql<{
      createConfigurationItem: { configurationItem: { id: string } };
    }>(
      `mutation { createConfigurationItem(input: { key: "app-jwt", name: "App", type: "Application" }) { configurationItem { id } } }`,
      {},
      { token },
    );
    expect(created.errors).toEqual([]);
    const trail = await server.gql<{
      auditTrail: { nodes: { actor: string; issuedBy: string; operation: string }[] };
    }>(
      `query($id: ID!) { auditTrail(filter: { targetId: $id }) { nodes { actor issuedBy operation } } }`,
      {
        id: created.data!.createConfigurationItem.configurationItem.id,
      },
    );
    expect(trail.data?.auditTrail.nodes).toEqual([
      { actor: "ed", issuedBy: idp.issuer, operation: "CREATE" },
    ]);
  });

  it("still accepts API tokens beside JWTs", async () => {
    const res = await server.gql<{ me: { user: string } }>(ME);
    expect(res.data?.me.user).toBe("admin");
  });
});

describe("JWTs verified with a configured public key (GRAPH_CMDB_JWT_PUBLIC_KEY_FILE)", () => {
  useTestDatabase();
  let idp: TestIdentityProvider;
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-jwt-"));
    const keyFile = path.join(dir, "idp.pem");
    await writeFile(keyFile, idp.publicKeyPem);
    server = await startTestServer({
      GRAPH_CMDB_JWT_ISSUER: idp.issuer,
      GRAPH_CMDB_JWT_AUDIENCE: `other, ${AUDIENCE}`,
      GRAPH_CMDB_JWT_PUBLIC_KEY_FILE: keyFile,
      GRAPH_CMDB_JWT_ROLES_CLAIM: "realm_access.roles",
    });
  });
  afterAll(async () => {
    await server.running.stop();
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts a token the key signed, reading roles at a dotted claim path, and refuses a forged one", async () => {
    await createTestUser(server, "kim", ["REQUESTER", "READER"]);
    const body = {
      iss: idp.issuer,
      aud: [AUDIENCE],
      preferred_username: "kim",
      realm_access: { roles: ["requester"] },
      exp: now() + 300,
    };
    const ok = await server.gql<{ me: { user: string; roles: string[] } }>(
      ME,
      {},
      {
        token: idp.sign(body),
      },
    );
    expect(ok.data?.me).toMatchObject({ user: "kim", roles: ["REQUESTER"] });
    expect(idp.fetches()).toBe(0);
    const forged = await server.gql(ME, {}, { token: idp.sign(body, { key: idp.strangerKey }) });
    expect([forged.status, errorCodes(forged)]).toEqual([401, ["UNAUTHENTICATED"]]);
  });
});
