import type { Actor } from "../../domain/actor.js";
import { rfcName, type Assessment, type Rfc } from "../../domain/change/rfc.js";
import { ConflictError, ForbiddenError } from "../../domain/errors.js";
import { canonicalUserName, sameUser } from "../../domain/user-name.js";
import { listRfcEvents } from "../../neo4j/change.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { transition, event, requiredText, optionalText } from "./rfc-transition.js";
import { refuseIfStale } from "./assessment-staleness.js";

/** Approval and rejection, by approvers other than the requester, on the latest assessment. */
export class ApprovalService {
  async approve(scope: DbScope, actor: Actor, id: string, comment: string | null): Promise<Rfc> {
    const note = optionalText("comment", comment, 4000);
    return transition(scope, actor, id, "approve", note, async (tx, rfc) => {
      const assessment = rfc.assessment as Assessment;
      const events = await listRfcEvents(tx, [rfc.id]);
      // whoever wrote the RFC's content is not independent of it either
      // ... nor through a token one of its authors issued
      const author = events.find(
        (e) =>
          (e.kind === "CREATED" || e.kind === "EDITED") &&
          (sameUser(e.actor, actor.user) || sameUser(e.actor, actor.issuedBy)),
      );
      if (author) {
        throw new ForbiddenError(
          sameUser(author.actor, actor.user)
            ? `${actor.user} wrote the content of ${rfcName(rfc)} and cannot approve it`
            : `${actor.user}'s token was issued by ${author.actor}, who wrote the content of ${rfcName(rfc)}: it cannot approve it`,
          { user: actor.user, issuedBy: actor.issuedBy ?? null },
        );
      }
      await refuseIfStale(tx, rfc, "approved");
      const approvers = new Set(
        events
          .filter((e) => e.kind === "APPROVED" && e.assessment === assessment.number)
          .map((e) => canonicalUserName(e.actor)),
      );
      if (approvers.has(canonicalUserName(actor.user))) {
        throw new ConflictError(
          `${actor.user} already approved ${rfcName(rfc)} on its assessment ${String(assessment.number)}`,
        );
      }
      approvers.add(canonicalUserName(actor.user));
      const done = approvers.size >= assessment.requiredApprovals;
      return {
        rfc: { ...rfc, state: done ? ("APPROVED" as const) : rfc.state },
        events: [event(rfc, "APPROVED", null, null, note, assessment.number)],
      };
    });
  }

  async reject(scope: DbScope, actor: Actor, id: string, comment: string): Promise<Rfc> {
    const why = requiredText("comment", comment, 4000);
    return transition(scope, actor, id, "reject", why, (_tx, rfc) => {
      return Promise.resolve({
        rfc: { ...rfc, state: "REJECTED" as const },
        events: [event(rfc, "REJECTED", null, null, why, rfc.assessment?.number ?? null)],
      });
    });
  }
}
