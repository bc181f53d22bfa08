import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import type { User } from "../../domain/user/user.js";
import { Role } from "../auth/role.enum.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import { NodeInterface } from "../relay/node.js";

@ObjectType("User", {
  implements: NodeInterface,
  description:
    "A person or service the CMDB knows, created once by an ADMIN. Every API token and identity provider's JWT names an active user, and grants at most the roles the user may be given.",
})
export class UserType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => String, {
    description: "The canonical name (lower case, Unicode NFKC): unique, what tokens name.",
  })
  name: string;

  @Field(() => String, { nullable: true, description: "A name to show (null: not given)." })
  displayName: string | null;

  @Field(() => [Role], {
    description:
      "The roles the user's credentials may carry; a credential naming more grants only these.",
  })
  roles: DomainRole[];

  @Field(() => Boolean, {
    description: "False once deactivated: the user's credentials then stop authenticating.",
  })
  active: boolean;

  @Field(() => Date, {
    nullable: true,
    description: "When the user was deactivated (null: active).",
  })
  deactivatedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Who deactivated the user (null: active)." })
  deactivatedBy: string | null;

  @Field(() => String, {
    description:
      "The ADMIN who created the user (`system:upgrade` for users made from the tokens of a CMDB upgraded to 1.1.0).",
  })
  createdBy: string;

  @Field(() => Date, { description: "When the user was created." })
  createdAt: Date;
}

export function toUserType(user: User): UserType {
  return { ...user, active: user.deactivatedAt === null };
}

export const UserConnectionType = ConnectionType(UserType, "User", "users", "by name");
export type UserConnectionType = ConnectionValue<UserType>;

@InputType("UserFilter", { description: "Which users to list; every field optional." })
export class UserFilterInput {
  @Field(() => Boolean, {
    nullable: true,
    description: "Also list deactivated users (null or false: active ones only).",
  })
  includeDeactivated?: boolean | null;
}

@InputType("CreateUserInput", { description: "A user to create (createUser)." })
export class CreateUserInput {
  @Field(() => String, {
    description:
      "Their name: 1-128 letters, digits, '.', '_', '@' or '-'; kept canonical (lower case), unique in any spelling (CONFLICT).",
  })
  name: string;

  @Field(() => String, { nullable: true, description: "A name to show (at most 200 characters)." })
  displayName?: string | null;

  @Field(() => [Role], {
    description: "The roles their credentials may carry: at least one (VALIDATION when empty).",
  })
  roles: DomainRole[];
}

@InputType("UpdateUserInput", {
  description: "What to change of a user (updateUser); fields not given stay.",
})
export class UpdateUserInput {
  @Field(() => String, { description: "Their name, in any spelling (NOT_FOUND when none)." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "A name to show (at most 200 characters; null clears it; absent: unchanged).",
  })
  displayName?: string | null;

  @Field(() => [Role], {
    nullable: true,
    description:
      "The roles their credentials may carry, at least one (absent or null: unchanged). Narrowing them narrows the user's tokens and JWTs at once.",
  })
  roles?: DomainRole[] | null;
}

@ObjectType("UpdateUserPayload", { description: "What updateUser returns." })
export class UpdateUserPayload {
  @Field(() => UserType, { description: "The user as changed." })
  user: UserType;
}

@InputType("DeactivateUserInput", { description: "The user to deactivate (deactivateUser)." })
export class DeactivateUserInput {
  @Field(() => String, { description: "Their name, in any spelling (NOT_FOUND when none)." })
  name: string;
}

@InputType("ReactivateUserInput", { description: "The user to reactivate (reactivateUser)." })
export class ReactivateUserInput {
  @Field(() => String, { description: "Their name, in any spelling (NOT_FOUND when none)." })
  name: string;
}

@ObjectType("CreateUserPayload", { description: "What createUser returns." })
export class CreateUserPayload {
  @Field(() => UserType, { description: "The user, active." })
  user: UserType;
}

@ObjectType("DeactivateUserPayload", { description: "What deactivateUser returns." })
export class DeactivateUserPayload {
  @Field(() => UserType, { description: "The user, with deactivatedAt." })
  user: UserType;
}

@ObjectType("ReactivateUserPayload", { description: "What reactivateUser returns." })
export class ReactivateUserPayload {
  @Field(() => UserType, { description: "The user, active again." })
  user: UserType;
}
