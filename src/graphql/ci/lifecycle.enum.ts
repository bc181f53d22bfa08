import { registerEnumType } from "type-graphql";
import type { Lifecycle as DomainLifecycle } from "../../domain/interchange/interchange-document.js";

export const Lifecycle: { [K in DomainLifecycle]: K } = {
  PLANNED: "PLANNED",
  TEST: "TEST",
  PRODUCTION: "PRODUCTION",
  RETIRED: "RETIRED",
};

registerEnumType(Lifecycle, {
  name: "Lifecycle",
  description: "Where a CI stands in its life.",
  valuesConfig: {
    PLANNED: { description: "Not built yet (the default for a new CI)." },
    TEST: { description: "In test: built, not yet serving production." },
    PRODUCTION: { description: "Serving production." },
    RETIRED: {
      description:
        "Out of use, kept with its history (retiredAt set); no new relationship may reach it.",
    },
  },
});
