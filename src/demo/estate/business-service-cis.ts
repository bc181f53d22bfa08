import type { CiEntry } from "../../domain/interchange/interchange-document.js";
import { BS } from "./ci-kinds.js";
import type { CiNaming } from "./ci-naming.js";
import { SALT } from "./estate-plan.js";
import { at, unit } from "./random.js";
import { BUSINESS_NAMES, BUSINESS_VARIANTS, DOMAINS, SERVICE_LEVELS } from "./vocabulary.js";

/** The business services, named after what the business sells or runs, with a criticality. */
export function* businessServiceCis(naming: CiNaming): Generator<CiEntry> {
  for (let i = 0; i < at(naming.plan.count, BS); i++) yield businessService(naming, i);
}

function businessService(naming: CiNaming, i: number): CiEntry {
  const base = at(BUSINESS_NAMES, i % BUSINESS_NAMES.length);
  const variant = Math.floor(i / BUSINESS_NAMES.length);
  const name =
    variant === 0
      ? base.name
      : variant <= BUSINESS_VARIANTS.length
        ? `${base.name} ${at(BUSINESS_VARIANTS, variant - 1)}`
        : `${base.name} ${variant + 1}`;
  const u = unit(naming.seed, SALT.criticality, i);
  const criticality = u < 0.15 ? 1 : u < 0.45 ? 2 : u < 0.8 ? 3 : 4;
  const team = `team-${at(DOMAINS, base.domain).slug}`;
  return naming.entry(BS, i, name, team, team, naming.lifecycle(BS, i, 0, 0.05), {
    criticality,
    attributes: { serviceLevel: at(SERVICE_LEVELS, criticality - 1) },
  });
}
