import { Field, ObjectType } from "type-graphql";
import { ConfigurationItemType } from "./configuration-item.type.js";

@ObjectType("CreateConfigurationItemPayload", { description: "What createConfigurationItem made." })
export class CreateConfigurationItemPayload {
  @Field(() => ConfigurationItemType, { description: "The CI created, at revision 1." })
  configurationItem: ConfigurationItemType;
}

@ObjectType("UpdateConfigurationItemPayload", {
  description: "What updateConfigurationItem wrote.",
})
export class UpdateConfigurationItemPayload {
  @Field(() => ConfigurationItemType, {
    description: "The CI as changed (its revision unchanged when nothing changed).",
  })
  configurationItem: ConfigurationItemType;
}

@ObjectType("RetireConfigurationItemPayload", {
  description: "What retireConfigurationItem wrote.",
})
export class RetireConfigurationItemPayload {
  @Field(() => ConfigurationItemType, { description: "The CI, now RETIRED." })
  configurationItem: ConfigurationItemType;
}
