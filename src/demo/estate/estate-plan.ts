import {
  APP,
  BS,
  CL,
  CTR,
  DB,
  DC,
  IMG,
  KEY_DIGITS,
  KEY_PREFIX,
  LB,
  MQ,
  MW,
  NET,
  OS,
  RACK,
  SRV,
  STOR,
  SVC,
  TYPE_COUNT,
  VM,
} from "./ci-kinds.js";
import { at, blockOf, blockStart, clamp, pad, unit } from "./random.js";
import {
  DOMAINS,
  PLATFORM,
  PLATFORM_SERVICE_LDAP,
  PLATFORM_SERVICE_SSO,
  SIDECARS,
  SITES,
} from "./vocabulary.js";

/** Below this the layers cannot all be populated. */
export const MIN_ESTATE_CI_COUNT = 100;

// Distinct salts keep per-entity decisions independent of one another.
export const SALT = {
  clusterSize: 1,
  clusterMin: 2,
  poolSize: 3,
  appDomain: 4,
  appKind: 5,
  appCluster: 6,
  replicas: 7,
  sidecar: 8,
  imageOwned: 9,
  dns: 10,
  ldap: 11,
  sso: 12,
  ownDb: 13,
  sharedDb: 14,
  cycle: 15,
  appFlex: 16,
  hostFlex: 17,
  bsFlex: 18,
  lifecycle: 19,
  look: 20,
  version: 21,
  extraServices: 22,
  component: 23,
  criticality: 24,
  dither: 25,
} as const;

const MAX_APP_FLEX = 250;
const MAX_HOST_FLEX = 12;
const MAX_BS_FLEX = 300;

// Cluster kinds, in a repeating pattern so small estates still get every kind early.
export const K8S = 0;
export const DB_CLUSTER = 1;
export const APP_CLUSTER = 2;
const MQ_CLUSTER = 3;
const CLUSTER_PATTERN: readonly number[] = [
  K8S,
  DB_CLUSTER,
  K8S,
  APP_CLUSTER,
  K8S,
  MQ_CLUSTER,
  K8S,
  DB_CLUSTER,
  K8S,
  DB_CLUSTER,
];

// How an application is deployed.
export const ON_CONTAINERS = 0;
const ON_VM = 1;
export const BEHIND_LB = 2;
export const ON_APP_CLUSTER = 3;

/**
 * The benchmark shape, planned up front: how many CIs of each type, which VMs form which cluster
 * or pool, how each application is deployed, its services, containers and images, and how many
 * extra relationships each source gets (a heavy-tailed out-degree; popular targets become hubs).
 * A few numbers per CI, so a million CIs fit in memory.
 */
export class EstatePlan {
  readonly count = new Int32Array(TYPE_COUNT);
  readonly dcs: number;
  readonly platformApps: number;

  readonly clusterStart: Int32Array;
  readonly clusterKind: Uint8Array;
  readonly k8sClusters: number[] = [];
  readonly dbClusters: number[] = [];
  readonly appClusters: number[] = [];
  readonly mqClusters: number[] = [];
  readonly poolStart: Int32Array;
  readonly standaloneStart: number;
  /** Per VM: the cluster it belongs to (≥ 0), a pool (-2 - lb), or -1 when standalone. */
  readonly vmGroup: Int32Array;
  readonly vmDc: Uint8Array;

  readonly lbApp: Int32Array;
  readonly appLb: Int32Array;
  readonly appKind: Uint8Array;
  readonly appCluster: Int32Array;
  readonly appServiceStart: Int32Array;
  readonly serviceApp: Int32Array;
  readonly appContainerStart: Int32Array;
  readonly containerApp: Int32Array;
  readonly appImage: Int32Array;
  readonly imageFirstApp: Int32Array;
  readonly sidecarImages: number;
  readonly cyclePartner = new Map<number, number>();

  readonly appFlex: Uint16Array;
  readonly hostFlex: Uint16Array;
  readonly bsFlex: Uint16Array;
  readonly relationshipCount: number;

  constructor(
    readonly ciCount: number,
    readonly seed: number,
    relationshipsPerCi: number,
  ) {
    const n = ciCount;
    const c = this.count;
    const share = (weight: number): number => Math.max(1, Math.round((n * weight) / 85));
    const dcs = n < 200 ? 1 : clamp(Math.round(n / 100_000), 2, SITES.length);
    const servers = Math.max(dcs, share(2.6));
    const apps = share(11);
    this.dcs = dcs;
    this.platformApps = Math.min(PLATFORM.length, Math.max(1, Math.floor(apps / 6)));
    c[DC] = dcs;
    c[SRV] = servers;
    c[RACK] = clamp(Math.round(servers / 12), dcs, servers);
    c[NET] = Math.max(dcs, share(1));
    c[STOR] = Math.max(dcs, share(0.7));
    c[VM] = share(12);
    c[CL] = share(1.1);
    c[IMG] = share(4);
    c[DB] = share(4.5);
    c[MQ] = share(1);
    c[MW] = share(1);
    c[APP] = apps;
    c[SVC] = Math.max(apps, share(13));
    c[BS] = share(0.8);
    c[LB] = clamp(share(0.6), 1, Math.max(1, apps - this.platformApps));

    // Clusters take the first VMs, load-balancer pools the next, the rest stand alone.
    const clusters = at(c, CL);
    const lbs = at(c, LB);
    this.clusterStart = new Int32Array(clusters + 1);
    this.clusterKind = new Uint8Array(clusters);
    for (let i = 0; i < clusters; i++) {
      const kind = at(CLUSTER_PATTERN, i % CLUSTER_PATTERN.length);
      this.clusterKind[i] = kind;
      const list =
        kind === K8S
          ? this.k8sClusters
          : kind === DB_CLUSTER
            ? this.dbClusters
            : kind === APP_CLUSTER
              ? this.appClusters
              : this.mqClusters;
      list.push(i);
      this.clusterStart[i + 1] =
        at(this.clusterStart, i) + 3 + Math.floor(unit(seed, SALT.clusterSize, i) * 3);
    }
    this.poolStart = new Int32Array(lbs + 1);
    this.poolStart[0] = at(this.clusterStart, clusters);
    for (let l = 0; l < lbs; l++) {
      this.poolStart[l + 1] =
        at(this.poolStart, l) + 2 + Math.floor(unit(seed, SALT.poolSize, l) * 4);
    }
    this.standaloneStart = at(this.poolStart, lbs);
    const vms = Math.max(at(c, VM), this.standaloneStart + 1);
    c[VM] = vms;
    c[OS] = servers + vms;
    let others = 0;
    for (let t = 0; t < TYPE_COUNT; t++) if (t !== CTR) others += at(c, t);
    c[CTR] = n - others;
    if (at(c, CTR) < 1) {
      throw new RangeError(`an estate needs at least ${MIN_ESTATE_CI_COUNT} CIs (asked ${n})`);
    }

    this.vmGroup = new Int32Array(vms).fill(-1);
    this.vmDc = new Uint8Array(vms);
    for (let i = 0; i < clusters; i++) {
      for (let v = at(this.clusterStart, i); v < at(this.clusterStart, i + 1); v++) {
        this.vmGroup[v] = i;
        this.vmDc[v] = i % this.dcs;
      }
    }
    for (let l = 0; l < lbs; l++) {
      for (let v = at(this.poolStart, l); v < at(this.poolStart, l + 1); v++) {
        this.vmGroup[v] = -2 - l;
        this.vmDc[v] = l % this.dcs;
      }
    }
    for (let v = this.standaloneStart; v < vms; v++) this.vmDc[v] = v % this.dcs;

    const platform = this.platformApps;
    const businessApps = apps - platform;
    this.lbApp = new Int32Array(lbs);
    this.appLb = new Int32Array(apps).fill(-1);
    this.appKind = new Uint8Array(apps);
    this.appCluster = new Int32Array(apps).fill(-1);
    for (let l = 0; l < lbs; l++) {
      const app = businessApps > 0 ? platform + blockStart(l, businessApps, lbs) : l % apps;
      this.lbApp[l] = app;
      this.appLb[app] = l;
      this.appKind[app] = BEHIND_LB;
    }
    const onContainers: number[] = [];
    for (let a = 0; a < apps; a++) {
      if (at(this.appLb, a) >= 0) continue;
      const u = unit(seed, SALT.appKind, a);
      const pick = unit(seed, SALT.appCluster, a);
      if (u < 0.58) {
        this.appKind[a] = ON_CONTAINERS;
        onContainers.push(a);
      } else if (u >= 0.82 && this.appClusters.length > 0) {
        this.appKind[a] = ON_APP_CLUSTER;
        this.appCluster[a] = at(this.appClusters, Math.floor(pick * this.appClusters.length));
      } else {
        this.appKind[a] = ON_VM;
      }
    }
    if (onContainers.length === 0) {
      const first = this.appKind.findIndex((kind) => kind !== BEHIND_LB);
      const a = first >= 0 ? first : 0;
      this.appKind[a] = ON_CONTAINERS;
      this.appCluster[a] = -1;
      onContainers.push(a);
    }
    const containers = at(c, CTR);
    while (onContainers.length > containers) {
      const a = at(onContainers, onContainers.length - 1);
      onContainers.pop();
      this.appKind[a] = ON_VM;
    }
    for (const a of onContainers) {
      this.appCluster[a] = at(
        this.k8sClusters,
        Math.floor(unit(seed, SALT.appCluster, a) * this.k8sClusters.length),
      );
    }

    // Replicas: one each, the rest spread with a heavy tail (a few big stateless fleets).
    const replicas = new Float64Array(onContainers.length);
    let weightSum = 0;
    onContainers.forEach((a, j) => {
      const w = Math.min(40, (1 - unit(seed, SALT.replicas, a)) ** -0.6);
      replicas[j] = w;
      weightSum += w;
    });
    const spare = containers - onContainers.length;
    const replicaCount = new Int32Array(onContainers.length);
    let assigned = 0;
    for (let j = 0; j < onContainers.length; j++) {
      const extra = Math.floor((spare * at(replicas, j)) / weightSum);
      replicaCount[j] = 1 + extra;
      assigned += 1 + extra;
    }
    for (let j = 0; assigned < containers; j = (j + 1) % onContainers.length) {
      replicaCount[j] = at(replicaCount, j) + 1;
      assigned++;
    }
    this.appContainerStart = new Int32Array(apps + 1);
    this.containerApp = new Int32Array(containers);
    const replicasOf = new Int32Array(apps);
    onContainers.forEach((a, j) => (replicasOf[a] = at(replicaCount, j)));
    for (let a = 0; a < apps; a++) {
      const start = at(this.appContainerStart, a);
      const end = start + at(replicasOf, a);
      this.appContainerStart[a + 1] = end;
      this.containerApp.fill(a, start, end);
    }

    // Images: consecutive containerised apps may share one; the first few are shared sidecars.
    const images = at(c, IMG);
    this.sidecarImages = images >= 8 ? clamp(Math.floor(images / 20), 1, SIDECARS.length) : 0;
    const appImages = images - this.sidecarImages;
    this.appImage = new Int32Array(apps).fill(-1);
    this.imageFirstApp = new Int32Array(images).fill(-1);
    onContainers.forEach((a, j) => {
      const image = this.sidecarImages + blockStart(j, appImages, onContainers.length);
      this.appImage[a] = image;
      if (at(this.imageFirstApp, image) < 0) this.imageFirstApp[image] = a;
    });

    // Services: platform apps provide exactly their one; the spare go to business apps.
    const services = at(c, SVC);
    const perApp = new Int32Array(apps).fill(1);
    for (let s = apps; s < services; s++) {
      const a =
        businessApps > 0
          ? platform + Math.floor(unit(seed, SALT.extraServices, s) * businessApps)
          : apps - 1;
      perApp[a] = at(perApp, a) + 1;
    }
    this.appServiceStart = new Int32Array(apps + 1);
    this.serviceApp = new Int32Array(services);
    for (let a = 0; a < apps; a++) {
      const start = at(this.appServiceStart, a);
      this.appServiceStart[a + 1] = start + at(perApp, a);
      this.serviceApp.fill(a, start, start + at(perApp, a));
    }

    // A handful of deliberate CONSUMES cycles between pairs of business applications.
    const cycles = businessApps >= 20 ? Math.max(1, Math.round(apps / 1000)) : 0;
    for (let k = 0; k < cycles; k++) {
      const from = platform + blockStart(k, businessApps, cycles);
      const size = platform + blockStart(k + 1, businessApps, cycles) - from;
      const half = Math.floor(size / 2);
      const i = from + Math.floor(unit(seed, SALT.cycle, 2 * k) * half);
      const j = from + half + Math.floor(unit(seed, SALT.cycle, 2 * k + 1) * (size - half));
      this.cyclePartner.set(i, j);
      this.cyclePartner.set(j, i);
    }

    // Relationships: the structure fixes most; the rest is spread as extra CONSUMES,
    // DEPENDS_ON and CONNECTS_TO with a heavy-tailed out-degree, up to each source's capacity.
    this.appFlex = new Uint16Array(apps);
    this.hostFlex = new Uint16Array(servers + vms);
    this.bsFlex = new Uint16Array(at(c, BS));
    const fixed = this.fixedRelationshipCount();
    const target = Math.round(n * relationshipsPerCi);
    this.relationshipCount = fixed + this.spreadFlexible(Math.max(0, target - fixed));
  }

  // --- layout helpers -------------------------------------------------------------------------

  key(type: number, index: number): string {
    return `${at(KEY_PREFIX, type)}-${pad(index + 1, at(KEY_DIGITS, type))}`;
  }

  rackDc(rack: number): number {
    return blockOf(rack, at(this.count, RACK), this.dcs);
  }

  rackStart(dc: number): number {
    return blockStart(dc, at(this.count, RACK), this.dcs);
  }

  serverRack(server: number): number {
    return blockOf(server, at(this.count, SRV), at(this.count, RACK));
  }

  rackServerStart(rack: number): number {
    return blockStart(rack, at(this.count, SRV), at(this.count, RACK));
  }

  serverDc(server: number): number {
    return this.rackDc(this.serverRack(server));
  }

  dcServerStart(dc: number): number {
    return this.rackServerStart(this.rackStart(dc));
  }

  /** Servers of a site that run a hypervisor; the rest are bare metal. */
  hypervisorCount(dc: number): number {
    const servers = this.dcServerStart(dc + 1) - this.dcServerStart(dc);
    return Math.max(1, Math.ceil(servers * 0.8));
  }

  isHypervisor(server: number): boolean {
    const dc = this.serverDc(server);
    return server - this.dcServerStart(dc) < this.hypervisorCount(dc);
  }

  netStart(dc: number): number {
    return blockStart(dc, at(this.count, NET), this.dcs);
  }

  coreCount(dc: number): number {
    return Math.min(2, this.netStart(dc + 1) - this.netStart(dc));
  }

  firewallCount(dc: number): number {
    return this.netStart(dc + 1) - this.netStart(dc) >= 4 ? 1 : 0;
  }

  /** The top-of-rack switch of a rack, or the site's core switch when it has none. */
  rackSwitch(rack: number): number {
    const dc = this.rackDc(rack);
    const start = this.netStart(dc);
    const edge = this.coreCount(dc) + this.firewallCount(dc);
    const tors = this.netStart(dc + 1) - start - edge;
    return tors > 0 ? start + edge + ((rack - this.rackStart(dc)) % tors) : start;
  }

  /** A firewall if the site has one, else its first core switch. */
  perimeter(dc: number): number {
    return this.netStart(dc) + (this.firewallCount(dc) > 0 ? 2 : 0);
  }

  storageStart(dc: number): number {
    return blockStart(dc, at(this.count, STOR), this.dcs);
  }

  storageDc(storage: number): number {
    return blockOf(storage, at(this.count, STOR), this.dcs);
  }

  hostDc(host: number): number {
    const servers = at(this.count, SRV);
    return host < servers ? this.serverDc(host) : at(this.vmDc, host - servers);
  }

  clusterDc(cluster: number): number {
    return cluster % this.dcs;
  }

  clusterSize(cluster: number): number {
    return at(this.clusterStart, cluster + 1) - at(this.clusterStart, cluster);
  }

  clusterMinimum(cluster: number): number {
    const size = this.clusterSize(cluster);
    return size <= 3 || unit(this.seed, SALT.clusterMin, cluster) < 0.6 ? 2 : 3;
  }

  poolSize(lb: number): number {
    return at(this.poolStart, lb + 1) - at(this.poolStart, lb);
  }

  appDomain(app: number): number {
    if (app < this.platformApps) return -1;
    return Math.floor(unit(this.seed, SALT.appDomain, app) ** 1.6 * DOMAINS.length);
  }

  /** Databases 1.. are striped over the domains; database 0 is the shared customer master. */
  dbDomain(db: number): number {
    const lanes = Math.min(DOMAINS.length, Math.max(1, at(this.count, DB) - 1));
    return db === 0 ? -1 : (db - 1) % lanes;
  }

  mqDomain(mq: number): number {
    return mq === 0 ? -1 : (mq - 1) % DOMAINS.length;
  }

  usesDns(app: number): boolean {
    return app >= 1 && unit(this.seed, SALT.dns, app) < 0.6;
  }

  usesLdap(app: number): boolean {
    return this.platformApps > PLATFORM_SERVICE_LDAP && app >= this.platformApps
      ? unit(this.seed, SALT.ldap, app) < 0.2
      : false;
  }

  usesSso(app: number): boolean {
    return this.platformApps > PLATFORM_SERVICE_SSO && app >= this.platformApps
      ? unit(this.seed, SALT.sso, app) < 0.35
      : false;
  }

  usesOwnDb(app: number): boolean {
    return app >= this.platformApps && unit(this.seed, SALT.ownDb, app) < 0.75;
  }

  usesSharedDb(app: number): boolean {
    return (
      app >= this.platformApps &&
      at(this.count, DB) >= 2 &&
      unit(this.seed, SALT.sharedDb, app) < 0.25
    );
  }

  hasSidecar(container: number): boolean {
    return this.sidecarImages > 0 && unit(this.seed, SALT.sidecar, container) < 0.5;
  }

  imageOwned(image: number): boolean {
    return at(this.imageFirstApp, image) >= 0 && unit(this.seed, SALT.imageOwned, image) < 0.25;
  }

  appRunsOnCount(app: number): number {
    switch (at(this.appKind, app)) {
      case ON_CONTAINERS:
        return at(this.appContainerStart, app + 1) - at(this.appContainerStart, app);
      case BEHIND_LB:
        return this.poolSize(at(this.appLb, app));
      default:
        return 1;
    }
  }

  appServiceCount(app: number): number {
    return at(this.appServiceStart, app + 1) - at(this.appServiceStart, app);
  }

  /** Fixed CONSUMES and DEPENDS_ON edges of an application (not RUNS_ON / PROVIDES). */
  appFixedDependencies(app: number): number {
    return (
      (this.usesDns(app) ? 1 : 0) +
      (this.usesLdap(app) ? 1 : 0) +
      (this.usesSso(app) ? 1 : 0) +
      (this.usesOwnDb(app) ? 1 : 0) +
      (this.usesSharedDb(app) ? 1 : 0) +
      (this.cyclePartner.has(app) ? 1 : 0)
    );
  }

  hostFlexCapacity(host: number): number {
    const dc = this.hostDc(host);
    const switches = this.netStart(dc + 1) - this.netStart(dc);
    const storage = this.storageStart(dc + 1) - this.storageStart(dc);
    return Math.min(MAX_HOST_FLEX, switches - 1 + storage);
  }

  appFlexCapacity(app: number): number {
    const c = this.count;
    const pool = at(this.appServiceStart, app) + at(c, DB) + at(c, MQ) + at(c, MW);
    return Math.max(0, Math.min(MAX_APP_FLEX, pool - this.appFixedDependencies(app)));
  }

  bsFlexCapacity(): number {
    return Math.min(MAX_BS_FLEX, at(this.count, SVC) + at(this.count, APP) - 1);
  }

  // --- relationship budget ----------------------------------------------------------------------

  private fixedRelationshipCount(): number {
    const c = this.count;
    let total = at(c, RACK) * 1 + at(c, SRV); // PART_OF site, CONTAINS servers
    total += at(c, STOR) * 2; // CONTAINS (rack), CONNECTS_TO core
    for (let dc = 0; dc < this.dcs; dc++) {
      const devices = this.netStart(dc + 1) - this.netStart(dc);
      total += (devices - this.coreCount(dc)) * this.coreCount(dc);
    }
    total += at(c, SRV) + at(c, VM) * 2 + at(c, OS); // uplinks, HOSTED_ON, INSTALLED_ON
    for (let cl = 0; cl < at(c, CL); cl++) {
      const kind = at(this.clusterKind, cl);
      total += this.clusterSize(cl) + (kind === K8S || kind === DB_CLUSTER ? 1 : 0);
    }
    for (let l = 0; l < at(c, LB); l++) total += this.poolSize(l) + 1;
    for (let i = 0; i < at(c, IMG); i++) total += this.imageOwned(i) ? 1 : 0;
    for (let k = 0; k < at(c, CTR); k++) total += 2 + (this.hasSidecar(k) ? 1 : 0);
    total += at(c, DB) * 2 + at(c, MQ) * 2 + at(c, MW);
    for (let a = 0; a < at(c, APP); a++) {
      total += this.appRunsOnCount(a) + this.appServiceCount(a) + this.appFixedDependencies(a);
      if (at(this.appKind, a) === BEHIND_LB) total += 1; // its first service HOSTED_ON the LB
    }
    total += at(c, BS);
    return total;
  }

  /** Spreads `budget` extra edges over applications, hosts and business services. */
  private spreadFlexible(budget: number): number {
    const seed = this.seed;
    const apps = this.appFlex.length;
    const hosts = this.hostFlex.length;
    const bss = this.bsFlex.length;
    const weights = new Float64Array(apps + hosts + bss);
    const caps = new Uint16Array(apps + hosts + bss);
    let weightSum = 0;
    for (let a = 0; a < apps; a++) {
      weights[a] = Math.min(12, (1 - unit(seed, SALT.appFlex, a)) ** -0.5);
      caps[a] = this.appFlexCapacity(a);
    }
    for (let h = 0; h < hosts; h++) {
      weights[apps + h] = 0.3 * (0.5 + unit(seed, SALT.hostFlex, h));
      caps[apps + h] = this.hostFlexCapacity(h);
    }
    const bsCap = this.bsFlexCapacity();
    for (let b = 0; b < bss; b++) {
      weights[apps + hosts + b] = 1.5 + 1.5 * unit(seed, SALT.bsFlex, b);
      caps[apps + hosts + b] = bsCap;
    }
    for (const w of weights) weightSum += w;
    const degree = new Uint16Array(weights.length);
    let total = 0;
    const scale = weightSum > 0 ? budget / weightSum : 0;
    for (let i = 0; i < weights.length; i++) {
      const dither = unit(seed, SALT.dither, i);
      const d = Math.min(at(caps, i), Math.floor(at(weights, i) * scale + dither));
      degree[i] = d;
      total += d;
    }
    // Close the rounding gap one edge at a time, cycling through the sources.
    let progress = true;
    while (total !== budget && progress) {
      progress = false;
      for (let i = 0; i < degree.length && total !== budget; i++) {
        const d = at(degree, i);
        if (total < budget && d < at(caps, i)) {
          degree[i] = d + 1;
          total++;
          progress = true;
        } else if (total > budget && d > 0) {
          degree[i] = d - 1;
          total--;
          progress = true;
        }
      }
    }
    this.appFlex.set(degree.subarray(0, apps));
    this.hostFlex.set(degree.subarray(apps, apps + hosts));
    this.bsFlex.set(degree.subarray(apps + hosts));
    return total;
  }
}
