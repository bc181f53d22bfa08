import { registerEnumType } from "type-graphql";
import type { AttributeJsonType } from "../../domain/interchange/interchange-document.js";

/** The JSON type an attribute's value must have; GraphQL names upper case, the catalogue's lower. */
export const AttributeType: { [K in Uppercase<AttributeJsonType>]: Lowercase<K> } = {
  STRING: "string",
  NUMBER: "number",
  INTEGER: "integer",
  BOOLEAN: "boolean",
  OBJECT: "object",
  ARRAY: "array",
};

registerEnumType(AttributeType, {
  name: "AttributeType",
  description: "The JSON type an attribute's value must have.",
  valuesConfig: {
    STRING: { description: "A JSON string." },
    NUMBER: { description: "Any JSON number." },
    INTEGER: { description: "A JSON number without a fractional part." },
    BOOLEAN: { description: "true or false." },
    OBJECT: { description: "A JSON object." },
    ARRAY: { description: "A JSON array." },
  },
});
