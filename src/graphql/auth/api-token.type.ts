import { Field, ID, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";
import { NodeInterface } from "../relay/node.js";

@ObjectType("ApiToken", {
  implements: NodeInterface,
  description: "An API token (never its secret, which is shown once).",
})
export class ApiTokenType {
  @Field(() => ID, {
    description: "Server-made; names the token in revokeApiToken and the audit trail.",
  })
  id: string;

  @Field(() => String, { description: "The user the token acts for." })
  user: string;

  @Field(() => [Role], { description: "The roles a request made with the token holds." })
  roles: DomainRole[];

  @Field(() => String, {
    nullable: true,
    description: "What the token is for, as its issuer wrote it (null: not said).",
  })
  description: string | null;

  @Field(() => String, { description: "The user who issued it." })
  createdBy: string;

  @Field(() => Date, { description: "When it was issued." })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "Set once the token is revoked." })
  revokedAt: Date | null;
}

@ObjectType("IssuedApiToken", {
  description: "A token just issued, with its secret (the only time the secret is given).",
})
export class IssuedApiTokenType {
  @Field(() => String, {
    description: "The secret to send as 'Authorization: Bearer <secret>'. Shown only this once.",
  })
  secret: string;

  @Field(() => ApiTokenType, { description: "The token as apiTokens will list it." })
  token: ApiTokenType;
}
