import type { CiEntry, Lifecycle } from "../../domain/interchange/interchange-document.js";
import { APP, SRV, TYPE_NAMES, VM } from "./ci-kinds.js";
import { BEHIND_LB, type EstatePlan, SALT } from "./estate-plan.js";
import { at, hash, pad, unit } from "./random.js";
import { COMPONENTS, DOMAINS, PLATFORM, type Site, SITES, WEB_COMPONENTS } from "./vocabulary.js";

// How the CIs of a generated estate are named, owned and versioned.

export function environmentOf(lifecycle: Lifecycle): string {
  return lifecycle === "TEST" ? "test" : lifecycle === "PLANNED" ? "development" : "production";
}

export function lifecycleFrom(u: number, test: number, planned: number): Lifecycle {
  return u < 1 - test - planned ? "PRODUCTION" : u < 1 - planned ? "TEST" : "PLANNED";
}

export function semver(h: number): string {
  return `${1 + (h % 6)}.${(h >>> 4) % 24}.${(h >>> 10) % 12}`;
}

export function ipAddress(base: number, n: number): string {
  return `10.${base + Math.floor(n / 65024)}.${Math.floor(n / 254) % 256}.${1 + (n % 254)}`;
}

export function hex(h: number): string {
  return h.toString(16).padStart(8, "0");
}

/** Names, teams, lifecycles and the common fields of every CI of a planned estate. */
export class CiNaming {
  constructor(readonly plan: EstatePlan) {}

  get seed(): number {
    return this.plan.seed;
  }

  look(type: number, index: number): number {
    return hash(this.seed, SALT.look * 64 + type, index);
  }

  lifecycle(type: number, index: number, test: number, planned: number): Lifecycle {
    return lifecycleFrom(unit(this.seed, SALT.lifecycle * 64 + type, index), test, planned);
  }

  hostLifecycle(host: number): Lifecycle {
    return this.lifecycle(host < at(this.plan.count, SRV) ? SRV : VM, host, 0.07, 0.03);
  }

  appLifecycle(app: number): Lifecycle {
    return app < this.plan.platformApps ? "PRODUCTION" : this.lifecycle(APP, app, 0.1, 0.05);
  }

  entry(
    type: number,
    index: number,
    name: string,
    owner: string,
    responsibleTeam: string,
    lifecycle: Lifecycle,
    extra: { version?: string; criticality?: number; attributes?: Record<string, unknown> },
  ): CiEntry {
    const ci: CiEntry = { key: this.plan.key(type, index), name, type: at(TYPE_NAMES, type) };
    if (extra.version !== undefined) ci.version = extra.version;
    ci.owner = owner;
    ci.responsibleTeam = responsibleTeam;
    ci.lifecycle = lifecycle;
    ci.environment = environmentOf(lifecycle);
    if (extra.criticality !== undefined) ci.criticality = extra.criticality;
    if (extra.attributes !== undefined) ci.attributes = extra.attributes;
    return ci;
  }

  site(dc: number): Site {
    return at(SITES, dc);
  }

  serverName(server: number): string {
    const plan = this.plan;
    const dc = plan.serverDc(server);
    const local = server - plan.dcServerStart(dc);
    const role = plan.isHypervisor(server) ? "esx" : "bm";
    return `${this.site(dc).code}-${role}-${pad(local + 1, 4)}`;
  }

  clusterSlug(cluster: number): string {
    const kind = at(this.plan.clusterKind, cluster);
    const word = ["k8s", "db", "app", "mq"][kind] ?? "cl";
    return `${this.site(this.plan.clusterDc(cluster)).code}-${word}-${pad(cluster + 1, 3)}`;
  }

  vmName(vm: number): string {
    const plan = this.plan;
    const group = at(plan.vmGroup, vm);
    if (group >= 0)
      return `${this.clusterSlug(group)}-node-${vm - at(plan.clusterStart, group) + 1}`;
    if (group <= -2) {
      const lb = -2 - group;
      return `${this.appSlug(at(plan.lbApp, lb))}-web-${vm - at(plan.poolStart, lb) + 1}`;
    }
    return `${this.site(at(plan.vmDc, vm)).code}-vm-${pad(vm + 1, 6)}`;
  }

  hostName(host: number): string {
    const servers = at(this.plan.count, SRV);
    return host < servers ? this.serverName(host) : this.vmName(host - servers);
  }

  appComponent(app: number): string {
    // Applications behind a load balancer face users or callers, never batch jobs.
    const components = at(this.plan.appKind, app) === BEHIND_LB ? WEB_COMPONENTS : COMPONENTS;
    return at(components, hash(this.seed, SALT.component, app) % components.length);
  }

  appName(app: number): string {
    const domain = this.plan.appDomain(app);
    if (domain < 0) return at(PLATFORM, app).app;
    return `${at(DOMAINS, domain).name} ${this.appComponent(app)} ${app + 1}`;
  }

  appSlug(app: number): string {
    const domain = this.plan.appDomain(app);
    if (domain < 0) return at(PLATFORM, app).slug;
    return `${at(DOMAINS, domain).slug}-${this.appComponent(app).toLowerCase()}-${app + 1}`;
  }

  appTeam(app: number): string {
    const domain = this.plan.appDomain(app);
    return domain < 0 ? "team-platform" : `team-${at(DOMAINS, domain).slug}`;
  }

  appVersion(app: number): string {
    return semver(hash(this.seed, SALT.version, app));
  }

  clusterTeam(cluster: number): string {
    return (
      ["team-platform", "team-dba", "team-middleware", "team-messaging"][
        at(this.plan.clusterKind, cluster)
      ] ?? "team-platform"
    );
  }
}
