import os from "node:os";
import { OS_ISSUER, type Actor } from "../domain/actor.js";

/**
 * Whoever runs the CLI already holds the database (its URI or the embedded store), so the CLI
 * acts as ADMIN, under the operating-system user's name, which the records keep.
 */
export function cliActor(): Actor {
  let name = "unknown";
  try {
    name = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { user: `cli:${name}`, roles: ["ADMIN"], tokenId: null, issuedBy: OS_ISSUER };
}
