import { registerEnumType } from "type-graphql";
import type { DependentEnd as DomainDependentEnd } from "../../domain/interchange/interchange-document.js";

export const DependentEnd: { [K in DomainDependentEnd]: K } = {
  SOURCE: "SOURCE",
  TARGET: "TARGET",
  NONE: "NONE",
};

registerEnumType(DependentEnd, {
  name: "DependentEnd",
  description: "Which end of a relationship is impacted when the other end changes.",
  valuesConfig: {
    SOURCE: { description: "A DEPENDS_ON B: a change to B impacts A." },
    TARGET: { description: "A PART_OF B: a change to A impacts B." },
    NONE: { description: "No impact either way (ownership, documentation)." },
  },
});
