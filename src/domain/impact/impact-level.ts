/** How badly a CI is hit: DOWN (out of service), DEGRADED (up, with less capacity or redundancy), AT_RISK (up, exposed). */
export type ImpactLevel = "DOWN" | "DEGRADED" | "AT_RISK";

export const IMPACT_LEVELS: readonly ImpactLevel[] = ["DOWN", "DEGRADED", "AT_RISK"];

const RANK: Record<ImpactLevel, number> = { AT_RISK: 1, DEGRADED: 2, DOWN: 3 };

export function worse(a: ImpactLevel | null, b: ImpactLevel | null): ImpactLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export function milder(a: ImpactLevel, b: ImpactLevel): ImpactLevel {
  return RANK[a] <= RANK[b] ? a : b;
}

export function isWorse(a: ImpactLevel | null, than: ImpactLevel | null): boolean {
  if (a === null) return false;
  if (than === null) return true;
  return RANK[a] > RANK[than];
}
