import { Field, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";

@ObjectType("Actor", { description: "The authenticated caller of this request." })
export class ActorType {
  @Field(() => String, {
    description: "The user the request acts for (`admin` for the configured admin token).",
  })
  user: string;

  @Field(() => [Role], { description: "The roles the caller's token grants." })
  roles: DomainRole[];

  /** Resolved through the per-request loader; null for the configured admin token. */
  tokenId: string | null;
}
