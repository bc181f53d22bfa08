import type { Actor } from "../../src/domain/actor.js";
import { DomainError } from "../../src/domain/errors.js";

export const ADMIN: Actor = { user: "ada", roles: ["ADMIN"], tokenId: null };
export const EDITOR: Actor = { user: "eddie", roles: ["EDITOR"], tokenId: null };
export const READER: Actor = { user: "rita", roles: ["READER"], tokenId: null };

/** The code of the domain error a promise rejects with (null when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

/** The domain error a promise rejects with; fails the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected the operation to be refused, but it succeeded");
}

export const REQUESTER: Actor = { user: "rick", roles: ["REQUESTER"], tokenId: null };
export const APPROVER: Actor = { user: "alice", roles: ["APPROVER"], tokenId: null };
export const APPROVER_2: Actor = { user: "bob", roles: ["APPROVER"], tokenId: null };
