import { Field, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";

@ObjectType("Actor", { description: "The authenticated caller of this request." })
export class ActorType {
  @Field(() => String)
  user: string;

  @Field(() => [Role])
  roles: DomainRole[];

  /** Resolved through the per-request loader; null for the configured admin token. */
  tokenId: string | null;
}
