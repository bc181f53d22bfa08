import type { RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import {
  APP,
  CL,
  CONSUMES,
  CTR,
  DB,
  DEPENDS_ON,
  HOSTED_ON,
  IMG,
  LB,
  MQ,
  MW,
  OWNED_BY,
  PROVIDES,
  RUNS_ON,
  STOR,
  SVC,
  VM,
} from "./ci-kinds.js";
import { BEHIND_LB, ON_APP_CLUSTER, ON_CONTAINERS } from "./estate-plan.js";
import { at } from "./random.js";
import { type RelationshipStream, USED_CONSUMES, USED_DEPENDS } from "./relationship-stream.js";
import {
  DOMAINS,
  PLATFORM_SERVICE_DNS,
  PLATFORM_SERVICE_LDAP,
  PLATFORM_SERVICE_SSO,
} from "./vocabulary.js";

/**
 * Images, containers, where databases, brokers and middleware run, and each application's
 * hosts, services and needs: the shared platform services and databases that become super-nodes.
 */
export function* applicationRelationships(
  stream: RelationshipStream,
): Generator<RelationshipEntry> {
  yield* images(stream);
  yield* containers(stream);
  yield* platforms(stream);
  yield* applications(stream);
  yield* applicationServices(stream);
}

function* images(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let i = 0; i < at(plan.count, IMG); i++) {
    if (plan.imageOwned(i)) yield stream.edge(IMG, i, OWNED_BY, APP, at(plan.imageFirstApp, i));
  }
}

function* containers(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let k = 0; k < at(plan.count, CTR); k++) {
    const app = at(plan.containerApp, k);
    yield stream.edge(CTR, k, RUNS_ON, CL, at(plan.appCluster, app));
    yield stream.edge(CTR, k, DEPENDS_ON, IMG, at(plan.appImage, app));
    if (plan.hasSidecar(k)) {
      yield stream.edge(CTR, k, DEPENDS_ON, IMG, stream.random.zipf(plan.sidecarImages));
    }
  }
}

function* platformOf(
  stream: RelationshipStream,
  type: number,
  index: number,
  clusters: readonly number[],
  onCluster: number,
): Generator<RelationshipEntry> {
  const plan = stream.plan;
  let dc: number;
  if (clusters.length > 0 && stream.random.next() < onCluster) {
    const cl = at(clusters, stream.random.int(clusters.length));
    dc = plan.clusterDc(cl);
    yield stream.edge(type, index, RUNS_ON, CL, cl);
  } else {
    const vm = stream.standaloneVm();
    dc = at(plan.vmDc, vm);
    yield stream.edge(type, index, RUNS_ON, VM, vm);
  }
  if (type !== MW) yield stream.edge(type, index, DEPENDS_ON, STOR, stream.storageNear(dc));
}

function* platforms(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let d = 0; d < at(plan.count, DB); d++) {
    yield* platformOf(stream, DB, d, plan.dbClusters, 0.55);
  }
  for (let q = 0; q < at(plan.count, MQ); q++) {
    yield* platformOf(stream, MQ, q, plan.mqClusters, 0.6);
  }
  for (let m = 0; m < at(plan.count, MW); m++) yield* platformOf(stream, MW, m, [], 0);
}

function ownDatabase(stream: RelationshipStream, app: number): number {
  const plan = stream.plan;
  const dbs = at(plan.count, DB);
  if (dbs < 2) return 0;
  const lanes = Math.min(DOMAINS.length, dbs - 1);
  const lane = Math.max(0, plan.appDomain(app)) % lanes;
  const perLane = Math.floor((dbs - 2 - lane) / lanes) + 1;
  return 1 + lane + lanes * stream.random.int(perLane);
}

function* applications(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  const random = stream.random;
  const dbs = at(plan.count, DB);
  const mqs = at(plan.count, MQ);
  const mws = at(plan.count, MW);
  for (let a = 0; a < at(plan.count, APP); a++) {
    stream.used.clear();
    switch (at(plan.appKind, a)) {
      case ON_CONTAINERS:
        for (let k = at(plan.appContainerStart, a); k < at(plan.appContainerStart, a + 1); k++) {
          yield stream.edge(APP, a, RUNS_ON, CTR, k);
        }
        break;
      case BEHIND_LB: {
        const lb = at(plan.appLb, a);
        for (let v = at(plan.poolStart, lb); v < at(plan.poolStart, lb + 1); v++) {
          yield stream.edge(APP, a, RUNS_ON, VM, v);
        }
        break;
      }
      case ON_APP_CLUSTER:
        yield stream.edge(APP, a, RUNS_ON, CL, at(plan.appCluster, a));
        break;
      default:
        yield stream.edge(APP, a, RUNS_ON, VM, stream.standaloneVm());
    }
    for (let s = at(plan.appServiceStart, a); s < at(plan.appServiceStart, a + 1); s++) {
      yield stream.edge(APP, a, PROVIDES, SVC, s);
    }
    const fixedServices: number[] = [];
    if (plan.usesDns(a)) fixedServices.push(PLATFORM_SERVICE_DNS);
    if (plan.usesLdap(a)) fixedServices.push(PLATFORM_SERVICE_LDAP);
    if (plan.usesSso(a)) fixedServices.push(PLATFORM_SERVICE_SSO);
    const partner = plan.cyclePartner.get(a);
    if (partner !== undefined) fixedServices.push(at(plan.appServiceStart, partner));
    for (const s of fixedServices) {
      stream.claim(USED_CONSUMES, SVC, s);
      yield stream.edge(APP, a, CONSUMES, SVC, s);
    }
    if (plan.usesSharedDb(a)) {
      stream.claim(USED_DEPENDS, DB, 0);
      yield stream.edge(APP, a, DEPENDS_ON, DB, 0);
    }
    if (plan.usesOwnDb(a)) {
      const db = ownDatabase(stream, a);
      stream.claim(USED_DEPENDS, DB, db);
      yield stream.edge(APP, a, DEPENDS_ON, DB, db);
    }

    // Extra needs: mostly services of older applications (so the graph stays nearly acyclic),
    // half of them popular ones, half from the neighbourhood; then databases and brokers.
    const lower = at(plan.appServiceStart, a);
    const neighbourhood = at(plan.appServiceStart, Math.max(0, a - 64));
    for (let k = at(plan.appFlex, a); k > 0; k--) {
      let done = false;
      for (let attempt = 0; attempt < 12 && !done; attempt++) {
        const u = random.next();
        if (u < 0.62 && lower > 0) {
          const s =
            random.next() < 0.55
              ? random.zipf(lower)
              : neighbourhood + random.int(lower - neighbourhood);
          if (stream.claim(USED_CONSUMES, SVC, s)) {
            yield stream.edge(APP, a, CONSUMES, SVC, s);
            done = true;
          }
        } else if (u < 0.86) {
          const db = random.zipf(dbs);
          if (stream.claim(USED_DEPENDS, DB, db)) {
            yield stream.edge(APP, a, DEPENDS_ON, DB, db);
            done = true;
          }
        } else if (u < 0.96) {
          const mq = random.zipf(mqs);
          if (stream.claim(USED_DEPENDS, MQ, mq)) {
            yield stream.edge(APP, a, DEPENDS_ON, MQ, mq);
            done = true;
          }
        } else {
          const mw = random.zipf(mws);
          if (stream.claim(USED_DEPENDS, MW, mw)) {
            yield stream.edge(APP, a, DEPENDS_ON, MW, mw);
            done = true;
          }
        }
      }
      // Crowded sources (small estates, early applications): take the first free target.
      for (let s = 0; !done && s < lower; s++) {
        if (stream.claim(USED_CONSUMES, SVC, s)) {
          yield stream.edge(APP, a, CONSUMES, SVC, s);
          done = true;
        }
      }
      for (let db = 0; !done && db < dbs; db++) {
        if (stream.claim(USED_DEPENDS, DB, db)) {
          yield stream.edge(APP, a, DEPENDS_ON, DB, db);
          done = true;
        }
      }
      for (let mq = 0; !done && mq < mqs; mq++) {
        if (stream.claim(USED_DEPENDS, MQ, mq)) {
          yield stream.edge(APP, a, DEPENDS_ON, MQ, mq);
          done = true;
        }
      }
      for (let mw = 0; !done && mw < mws; mw++) {
        if (stream.claim(USED_DEPENDS, MW, mw)) {
          yield stream.edge(APP, a, DEPENDS_ON, MW, mw);
          done = true;
        }
      }
    }
  }
}

function* applicationServices(stream: RelationshipStream): Generator<RelationshipEntry> {
  const plan = stream.plan;
  for (let a = 0; a < at(plan.count, APP); a++) {
    const lb = at(plan.appLb, a);
    if (lb >= 0) yield stream.edge(SVC, at(plan.appServiceStart, a), HOSTED_ON, LB, lb);
  }
}
