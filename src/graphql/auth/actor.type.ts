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

  @Field(() => String, {
    nullable: true,
    description:
      "Who issued the credential of this request: the ADMIN who created the API token, the identity provider of a JWT (its `iss`), `config:GRAPH_CMDB_ADMIN_TOKEN`.",
  })
  issuedBy: string | null;

  /** Resolved through the per-request loader; null for the configured admin token. */
  tokenId: string | null;
}
