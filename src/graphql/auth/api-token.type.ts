import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Role as DomainRole } from "../../domain/roles.js";
import { Role } from "./role.enum.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
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

export const ApiTokenConnectionType = ConnectionType(
  ApiTokenType,
  "ApiToken",
  "API tokens",
  "newest first",
);
export type ApiTokenConnectionType = ConnectionValue<ApiTokenType>;

@InputType("ApiTokenFilter", { description: "Which tokens to list; every field optional." })
export class ApiTokenFilterInput {
  @Field(() => Boolean, {
    nullable: true,
    description: "Also list revoked tokens (null or false: active ones only).",
  })
  includeRevoked?: boolean | null;
}

@ObjectType("CreateApiTokenPayload", {
  description: "A token just issued, with its secret (the only time the secret is given).",
})
export class CreateApiTokenPayload {
  @Field(() => String, {
    description: "The secret to send as 'Authorization: Bearer <secret>'. Shown only this once.",
  })
  secret: string;

  @Field(() => ApiTokenType, { description: "The token as apiTokens will list it." })
  apiToken: ApiTokenType;

  @Field(() => ApiTokenType, {
    description: "The same token as apiToken.",
    deprecationReason: "Use `apiToken`; kept so that token scripts of 0.1.0 keep working.",
  })
  token: ApiTokenType;
}

@ObjectType("RevokeApiTokenPayload", { description: "What revokeApiToken returns." })
export class RevokeApiTokenPayload {
  @Field(() => ApiTokenType, { description: "The token, with its revokedAt." })
  apiToken: ApiTokenType;
}
