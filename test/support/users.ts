import { expect } from "vitest";
import type { TestServer } from "./test-server.js";

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id name roles } } }`;
const CREATE_TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id user roles createdBy } } }`;

export interface IssuedTestToken {
  readonly secret: string;
  readonly id: string;
  readonly user: string;
  readonly roles: string[];
  readonly createdBy: string;
}

/**
 * Creates the user through createUser (as the configured admin token, or `by`); a user who
 * already exists is kept as they are. Fails the test on any other error.
 */
export async function createTestUser(
  server: TestServer,
  name: string,
  roles: readonly string[],
  by: string | null = null,
): Promise<void> {
  const res = await server.gql(
    CREATE_USER,
    { i: { name, roles } },
    by === null ? {} : { token: by },
  );
  const codes = res.errors.map((e) => e.extensions?.code);
  if (codes.length === 1 && codes[0] === "CONFLICT") return;
  expect(res.errors).toEqual([]);
}

/**
 * A token for `user` with `roles`, the way an administrator issues one: the user is created
 * first (createUser), then the token (createApiToken), each as the configured admin token or as
 * `by`. Fails the test on any error.
 */
export async function issueTestToken(
  server: TestServer,
  user: string,
  roles: readonly string[],
  by: string | null = null,
): Promise<IssuedTestToken> {
  await createTestUser(server, user, roles, by);
  const res = await server.gql<{
    createApiToken: { secret: string; apiToken: Omit<IssuedTestToken, "secret"> };
  }>(CREATE_TOKEN, { i: { user, roles } }, by === null ? {} : { token: by });
  expect(res.errors).toEqual([]);
  const issued = res.data!.createApiToken;
  return { secret: issued.secret, ...issued.apiToken };
}
