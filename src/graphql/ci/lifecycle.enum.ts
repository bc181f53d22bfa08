import { registerEnumType } from "type-graphql";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";

export const Lifecycle: { [K in DomainLifecycle]: K } = {
  PLANNED: "PLANNED",
  TEST: "TEST",
  PRODUCTION: "PRODUCTION",
  RETIRED: "RETIRED",
};

registerEnumType(Lifecycle, { name: "Lifecycle", description: "Where a CI stands in its life." });
