import { Field, InputType, Int, ObjectType } from "type-graphql";
import { CiTypeEntryInput, RelationshipTypeEntryInput } from "../catalogue/catalogue.types.js";
import { CiEntryInput } from "../ci/ci.inputs.js";

@InputType("RelationshipEntryInput", {
  description: "A relationship of the interchange document, by CI keys.",
})
export class RelationshipEntryInput {
  @Field(() => String)
  from: string;

  @Field(() => String)
  to: string;

  @Field(() => String)
  type: string;
}

@InputType("ImportDocumentInput", {
  description: "The interchange document; every section is optional.",
})
export class ImportDocumentInput {
  @Field(() => [CiTypeEntryInput], { nullable: true })
  ciTypes?: CiTypeEntryInput[] | null;

  @Field(() => [RelationshipTypeEntryInput], { nullable: true })
  relationshipTypes?: RelationshipTypeEntryInput[] | null;

  @Field(() => [CiEntryInput], { nullable: true })
  configurationItems?: CiEntryInput[] | null;

  @Field(() => [RelationshipEntryInput], { nullable: true })
  relationships?: RelationshipEntryInput[] | null;
}

@ObjectType("ImportCounts")
export class ImportCountsType {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;
}

@ObjectType("ImportError", {
  description: "One entry that broke a rule; with any error, nothing is written.",
})
export class ImportErrorType {
  @Field(() => String, {
    description: "document, ciTypes, relationshipTypes, configurationItems or relationships",
  })
  section: string;

  @Field(() => Int, {
    nullable: true,
    description: "The entry's position in its section (0-based).",
  })
  index: number | null;

  @Field(() => String, { nullable: true, description: "The entry's key or name." })
  entry: string | null;

  @Field(() => String)
  field: string;

  @Field(() => String)
  message: string;
}

@ObjectType("ImportResult")
export class ImportResultType {
  @Field(() => Boolean)
  dryRun: boolean;

  @Field(() => Boolean, {
    description: "True when the document was written: no errors and not a dry run.",
  })
  applied: boolean;

  @Field(() => ImportCountsType)
  ciTypes: ImportCountsType;

  @Field(() => ImportCountsType)
  relationshipTypes: ImportCountsType;

  @Field(() => ImportCountsType)
  configurationItems: ImportCountsType;

  @Field(() => ImportCountsType, {
    description: "Relationships are never updated: created or unchanged.",
  })
  relationships: ImportCountsType;

  @Field(() => [ImportErrorType], { description: "Every error (the first 1000)." })
  errors: ImportErrorType[];

  @Field(() => Int)
  errorCount: number;
}
