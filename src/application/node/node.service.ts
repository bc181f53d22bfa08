import type { Actor } from "../../domain/actor.js";
import { ValidationError } from "../../domain/errors.js";
import type { DbScope } from "../../neo4j/database.js";
import { findNodeKinds, type NodeKind } from "../../neo4j/node.repository.js";
import { authorize } from "../authorization.js";

/** At most this many ids in one `nodes` call. */
export const MAX_NODE_IDS = 100;

/** Which kind of thing an id names: the first step of resolving a global id (ADR 009). */
export class NodeService {
  async kinds(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
  ): Promise<Map<string, NodeKind>> {
    authorize(actor, "reading by id", "READER");
    if (ids.length > MAX_NODE_IDS) {
      throw new ValidationError("ids", ids.length, `must name at most ${String(MAX_NODE_IDS)} ids`);
    }
    return scope.readTransaction((tx) => findNodeKinds(tx, ids));
  }
}
