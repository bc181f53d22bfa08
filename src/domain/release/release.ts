import { ConflictError } from "../errors.js";
import { CI_KEY } from "../ci/configuration-item.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";

export const RELEASE_TYPES = ["MAJOR", "MINOR", "PATCH", "EMERGENCY"] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const RELEASE_STATUSES = [
  "PLANNED",
  "BUILT",
  "DEPLOYED_TO_TEST",
  "ACCEPTED",
  "DEPLOYED_TO_PRODUCTION",
  "CLOSED",
  "ROLLED_BACK",
  "CANCELLED",
] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** Where a release is deployed: the CIs of its contents in TEST, or in PRODUCTION (lifecycle). */
export const STAGES = ["TEST", "PRODUCTION"] as const;
export type Stage = (typeof STAGES)[number];

export const DEPLOYMENT_OUTCOMES = ["SUCCEEDED", "FAILED", "ROLLED_BACK"] as const;
export type DeploymentOutcome = (typeof DEPLOYMENT_OUTCOMES)[number];

export interface ContentEntry {
  readonly ciKey: string;
  readonly ciId: string;
  /** The version the CI moves to. */
  readonly version: string;
}

export interface PlanStep {
  readonly order: number;
  readonly stage: Stage;
  readonly description: string;
}

export interface Deployment {
  readonly stage: Stage;
  readonly rfcId: string;
  readonly at: Date;
  readonly by: string;
  readonly outcome: DeploymentOutcome;
  /** PRODUCTION: the baseline taken just before, which a rollback returns to. */
  readonly baselineId: string | null;
  readonly detail: string | null;
}

export interface Release {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly type: ReleaseType;
  readonly plannedDate: Date;
  readonly status: ReleaseStatus;
  readonly description: string | null;
  readonly contents: ContentEntry[];
  readonly deploymentPlan: PlanStep[];
  readonly rollbackPlan: string | null;
  /** RFCs linked to it, with the stage each deploys to (null: linked, not a deployment). */
  readonly rfcs: { rfcId: string; stage: Stage | null }[];
  readonly deployments: Deployment[];
  /** Business services its contents impact (keys), worked out when it was written. */
  readonly serviceKeys: string[];
  readonly revision: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type ReleaseAction =
  | "build"
  | "accept"
  | "deployTest"
  | "deployProduction"
  | "rollback"
  | "close"
  | "cancel"
  | "prepare";

const FROM: Record<ReleaseAction, readonly ReleaseStatus[]> = {
  build: ["PLANNED"],
  prepare: ["BUILT", "DEPLOYED_TO_TEST", "ACCEPTED"],
  deployTest: ["BUILT", "DEPLOYED_TO_TEST"],
  accept: ["DEPLOYED_TO_TEST"],
  // the gates (a TEST deployment, the acceptance) say what is missing before then
  deployProduction: ["BUILT", "DEPLOYED_TO_TEST", "ACCEPTED"],
  rollback: ["DEPLOYED_TO_PRODUCTION"],
  close: ["DEPLOYED_TO_PRODUCTION", "ROLLED_BACK"],
  cancel: ["PLANNED", "BUILT", "DEPLOYED_TO_TEST", "ACCEPTED"],
};

export function releaseAllowedFrom(action: ReleaseAction): readonly ReleaseStatus[] {
  return FROM[action];
}

export function checkReleaseTransition(r: Release, action: ReleaseAction): void {
  const from = releaseAllowedFrom(action);
  if (from.includes(r.status)) return;
  throw new ConflictError(
    `release ${r.name} ${r.version} is ${r.status}: '${action}' needs it ${from.join(" or ")}`,
    { status: r.status, action, allowedFrom: from },
  );
}

export interface ParsedRelease {
  readonly name: string;
  readonly version: string;
  readonly type: ReleaseType;
  readonly plannedDate: Date;
  readonly description: string | null;
  readonly contents: { ciKey: string; version: string }[];
  readonly deploymentPlan: PlanStep[];
  readonly rollbackPlan: string | null;
  readonly rfcIds: string[];
}

export function parseRelease(input: Record<string, unknown>): {
  release: ParsedRelease | null;
  issues: ValidationIssue[];
} {
  const c = new IssueCollector(null);
  const name = c.string("name", input.name, { required: true, max: 200 });
  const version = c.string("version", input.version, { required: true, max: 100 });
  const type = input.type;
  if (!RELEASE_TYPES.includes(type as ReleaseType)) {
    c.add("type", type, `must be one of ${RELEASE_TYPES.join(", ")}`);
  }
  const planned =
    input.plannedDate instanceof Date
      ? input.plannedDate
      : typeof input.plannedDate === "string"
        ? new Date(input.plannedDate)
        : null;
  if (!planned || Number.isNaN(planned.getTime()))
    c.add("plannedDate", input.plannedDate, "must be a date and time");
  const description = c.string("description", input.description, { max: 20_000 });
  const rollbackPlan = c.string("rollbackPlan", input.rollbackPlan, { max: 20_000 });
  const contents: { ciKey: string; version: string }[] = [];
  const raw = input.contents;
  if (!Array.isArray(raw) || raw.length === 0) {
    c.add("contents", raw, "a release moves at least one CI to a version");
  } else {
    raw.forEach((e: unknown, i) => {
      const entry = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
      const ciKey = c.string(`contents[${String(i)}].ciKey`, entry.ciKey, {
        required: true,
        max: 200,
        pattern: CI_KEY,
        patternRule: "is not a CI key",
      });
      const v = c.string(`contents[${String(i)}].version`, entry.version, {
        required: true,
        max: 100,
      });
      if (ciKey && v) {
        if (contents.some((x) => x.ciKey === ciKey)) {
          c.add(`contents[${String(i)}].ciKey`, ciKey, "is listed twice");
        } else contents.push({ ciKey, version: v });
      }
    });
  }
  const plan: PlanStep[] = [];
  const rawPlan = input.deploymentPlan ?? [];
  if (!Array.isArray(rawPlan)) c.add("deploymentPlan", rawPlan, "must be a list of steps");
  else {
    rawPlan.forEach((s: unknown, i) => {
      const step = (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>;
      const stage = step.stage;
      if (!STAGES.includes(stage as Stage)) {
        c.add(`deploymentPlan[${String(i)}].stage`, stage, `must be one of ${STAGES.join(", ")}`);
      }
      const text = c.string(`deploymentPlan[${String(i)}].description`, step.description, {
        required: true,
        max: 4000,
      });
      if (text) plan.push({ order: i + 1, stage: stage as Stage, description: text });
    });
  }
  const rfcIds = Array.isArray(input.rfcIds)
    ? (input.rfcIds as unknown[]).filter((x): x is string => typeof x === "string")
    : [];
  if (c.issues.length > 0 || !name || !version || !planned)
    return { release: null, issues: c.issues };
  return {
    release: {
      name,
      version,
      type: type as ReleaseType,
      plannedDate: planned,
      description,
      contents,
      deploymentPlan: plan,
      rollbackPlan,
      rfcIds: [...new Set(rfcIds)],
    },
    issues: [],
  };
}

export interface ServiceFrequency {
  readonly serviceKey: string;
  /** The calendar month, YYYY-MM (UTC). */
  readonly month: string;
  readonly releases: number;
  readonly emergency: number;
}

/** Releases per business service per month, EMERGENCY ones counted apart (not in `releases`). */
export function releaseFrequency(
  releases: readonly {
    serviceKeys: readonly string[];
    plannedDate: Date;
    type: ReleaseType;
    status: ReleaseStatus;
  }[],
): ServiceFrequency[] {
  const counts = new Map<string, { releases: number; emergency: number }>();
  for (const r of releases) {
    if (r.status === "CANCELLED") continue;
    const month = r.plannedDate.toISOString().slice(0, 7);
    for (const s of r.serviceKeys) {
      const k = `${s}\u0000${month}`;
      const c = counts.get(k) ?? { releases: 0, emergency: 0 };
      if (r.type === "EMERGENCY") c.emergency += 1;
      else c.releases += 1;
      counts.set(k, c);
    }
  }
  return [...counts]
    .map(([k, c]) => {
      const [serviceKey = "", month = ""] = k.split("\u0000");
      return { serviceKey, month, ...c };
    })
    .sort((a, b) => a.serviceKey.localeCompare(b.serviceKey) || a.month.localeCompare(b.month));
}
