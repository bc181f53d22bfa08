import { Field, ID, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";

@ObjectType("ApiToken", { description: "An API token (never its secret, which is shown once)." })
export class ApiTokenType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The user the token acts for." })
  user: string;

  @Field(() => [Role])
  roles: DomainRole[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { description: "The user who issued it." })
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "Set once the token is revoked." })
  revokedAt: Date | null;
}

@ObjectType("IssuedApiToken")
export class IssuedApiTokenType {
  @Field(() => String, {
    description: "The secret to send as 'Authorization: Bearer <secret>'. Shown only this once.",
  })
  secret: string;

  @Field(() => ApiTokenType)
  token: ApiTokenType;
}
