import { expect } from "vitest";
import type { GraphqlResponse, TestServer } from "./test-server.js";
import { issueTestToken } from "./users.js";

/** The users the change-management end-to-end tests act as, and their roles. */
export const FLOW_USERS: Record<string, string[]> = {
  rick: ["REQUESTER"],
  alice: ["APPROVER"],
  bob: ["APPROVER"],
  carol: ["APPROVER"],
  eddie: ["EDITOR"],
  rita: ["READER"],
};

/**
 * Creates each flow user and issues them a token, as an administrator does (users and tokens
 * live in the CMDB, which each test wipes).
 */
export async function issueFlowTokens(server: TestServer): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [user, roles] of Object.entries(FLOW_USERS)) {
    tokens[user] = (await issueTestToken(server, user, roles)).secret;
  }
  return tokens;
}

/**
 * Takes a DRAFT RFC through submission, assessment (for a window open now, so that it may be
 * implemented at once, unless told to keep its own), the approvals its risk asks for, and scheduling, as the flow users; then, unless told
 * not to, implements it as eddie. Fails the test on any error.
 */
export async function carryThrough(
  server: TestServer,
  tokens: Record<string, string>,
  id: string,
  opts: { implement?: boolean; keepWindow?: boolean } = {},
): Promise<void> {
  const as = async <T>(user: string, query: string, variables: Record<string, unknown>) => {
    const res = await server.gql<T>(query, variables, { token: tokens[user]! });
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  await as("rick", `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, { id });
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const window = opts.keepWindow ? {} : { s: soon(-0.25), e: soon(2) };
  const a = await as<{
    assessRfc: { rfc: { state: string; assessment: { requiredApprovals: number } } };
  }>(
    "rick",
    `mutation($id: ID!, $s: DateTime, $e: DateTime) { assessRfc(input: { id: $id, plannedStart: $s, plannedEnd: $e }) { rfc { state assessment { requiredApprovals } } } }`,
    { id, ...window },
  );
  if (a.assessRfc.rfc.state !== "APPROVED") {
    for (const approver of ["alice", "bob", "carol"].slice(
      0,
      a.assessRfc.rfc.assessment.requiredApprovals,
    )) {
      await as(approver, `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`, {
        id,
      });
    }
  }
  await as("rick", `mutation($id: ID!) { scheduleRfc(input: { id: $id }) { rfc { id } } }`, { id });
  if (opts.implement === false) return;
  const done = await as<{ implementRfc: { rfc: { state: string; failureReason: string | null } } }>(
    "eddie",
    `mutation($id: ID!) { implementRfc(input: { id: $id }) { rfc { state failureReason } } }`,
    { id },
  );
  expect(done.implementRfc.rfc).toEqual({ state: "IMPLEMENTED", failureReason: null });
}

/**
 * Requests as the flow users: `as` answers whatever the server says, `ok` fails the test on any
 * error and gives the data.
 */
export function flowRequests(server: () => TestServer, tokens: Record<string, string>) {
  const as = <T = Record<string, unknown>>(
    user: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> => server().gql<T>(query, variables, { token: tokens[user]! });
  const ok = async <T = Record<string, unknown>>(
    user: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> => {
    const res = await as<T>(user, query, variables);
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  return { as, ok };
}
