import { Field, ID, InputType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";

@InputType("CreateApiTokenInput", { description: "A token to issue (createApiToken)." })
export class CreateApiTokenInput {
  @Field(() => String, { description: "The user the token will act for." })
  user: string;

  @Field(() => [Role], {
    description: "At least one; repeats are dropped (VALIDATION when empty).",
  })
  roles: DomainRole[];

  @Field(() => String, {
    nullable: true,
    description: "What the token is for (at most 500 characters).",
  })
  description?: string | null;
}

@InputType("RevokeApiTokenInput", { description: "The token to revoke (revokeApiToken)." })
export class RevokeApiTokenInput {
  @Field(() => ID, { description: "The token's id (NOT_FOUND when none has it)." })
  id: string;
}
