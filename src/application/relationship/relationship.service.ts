import type { Actor } from "../../domain/actor.js";
import { ValidationError } from "../../domain/errors.js";
import type { CiRelationship } from "../../domain/relationship/ci-relationship.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import {
  findRelationshipsOfCis,
  type RelationshipQuery,
} from "../../neo4j/relationship.repository.js";
import { authorize } from "../authorization.js";
import { checkReference, type CiReference } from "../ci/ci-reference.js";
import { writeMeta } from "../write-meta.js";
import {
  addRelationshipInTx,
  removeRelationshipInTx,
  sourceOfRelationship,
} from "./relationship-writes.js";

export interface CreateRelationshipInput {
  readonly from: CiReference;
  readonly to: CiReference;
  readonly type: string;
  readonly reason?: string | null;
}

export class RelationshipService {
  async create(
    scope: DbScope,
    actor: Actor,
    input: CreateRelationshipInput,
  ): Promise<CiRelationship> {
    authorize(actor, "creating a relationship", "EDITOR");
    const fromRef = checkReference("from", input.from);
    const toRef = checkReference("to", input.to);
    const meta = writeMeta(actor, input.reason);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      return addRelationshipInTx(tx, catalogue, fromRef, toRef, input.type, meta);
    });
  }

  /** Ends the relationship at `revision` (it stays as history); a stale revision is a CONFLICT. */
  async remove(
    scope: DbScope,
    actor: Actor,
    id: string,
    revision: number,
    reason?: string | null,
  ): Promise<CiRelationship> {
    authorize(actor, "removing a relationship", "EDITOR");
    if (!Number.isInteger(revision) || revision < 1) {
      throw new ValidationError(
        "revision",
        revision,
        "must be the revision read (a positive integer)",
      );
    }
    sourceOfRelationship(id);
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction((tx) => removeRelationshipInTx(tx, id, revision, meta));
  }

  /** The relationships of each CI, both directions: the batch behind a per-request loader. */
  async ofCis(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
    query: RelationshipQuery,
  ): Promise<CiRelationship[][]> {
    authorize(actor, "reading relationships", "READER");
    const byCi = await scope.readTransaction((tx) => findRelationshipsOfCis(tx, ids, query));
    return ids.map((id) => byCi.get(id) ?? []);
  }
}
