import type { CiEntry } from "../../domain/interchange/interchange-document.js";
import { APP, CTR, DB, IMG, MQ, MW, SVC } from "./ci-kinds.js";
import { type CiNaming, hex, semver } from "./ci-naming.js";
import { SALT } from "./estate-plan.js";
import { at, fmix, hash } from "./random.js";
import {
  BASE_IMAGES,
  DB_ENGINES,
  DOMAINS,
  LANGUAGES,
  MIDDLEWARE,
  MQ_ENGINES,
  PLATFORM,
  SERVICE_SUFFIXES,
  SIDECARS,
} from "./vocabulary.js";

/** Images, containers, databases, brokers, middleware, applications and their services. */
export function* applicationCis(naming: CiNaming): Generator<CiEntry> {
  const c = naming.plan.count;
  for (let i = 0; i < at(c, IMG); i++) yield image(naming, i);
  for (let i = 0; i < at(c, CTR); i++) yield container(naming, i);
  for (let i = 0; i < at(c, DB); i++) yield database(naming, i);
  for (let i = 0; i < at(c, MQ); i++) yield messageQueue(naming, i);
  for (let i = 0; i < at(c, MW); i++) yield middleware(naming, i);
  for (let i = 0; i < at(c, APP); i++) yield application(naming, i);
  for (let i = 0; i < at(c, SVC); i++) yield applicationService(naming, i);
}

function image(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(IMG, i);
  const digest = `sha256:${hex(h)}${hex(fmix(h ^ 1))}${hex(fmix(h ^ 2))}${hex(fmix(h ^ 3))}${hex(fmix(h ^ 4))}${hex(fmix(h ^ 5))}${hex(fmix(h ^ 6))}${hex(fmix(h ^ 7))}`;
  if (i < plan.sidecarImages) {
    const sidecar = at(SIDECARS, i);
    return naming.entry(IMG, i, sidecar.name, "team-platform", "team-platform", "PRODUCTION", {
      version: at(sidecar.versions, 0),
      attributes: { digest },
    });
  }
  const app = at(plan.imageFirstApp, i);
  if (app < 0) {
    const base = at(BASE_IMAGES, h % BASE_IMAGES.length);
    return naming.entry(
      IMG,
      i,
      `${base}-${i + 1}`,
      "team-platform",
      "team-platform",
      naming.lifecycle(IMG, i, 0.1, 0.05),
      { version: semver(h), attributes: { digest } },
    );
  }
  const domain = plan.appDomain(app);
  const repository = domain < 0 ? "platform" : at(DOMAINS, domain).slug;
  return naming.entry(
    IMG,
    i,
    `${repository}/${naming.appSlug(app)}`,
    naming.appTeam(app),
    naming.appTeam(app),
    naming.appLifecycle(app),
    { version: naming.appVersion(app), attributes: { digest } },
  );
}

function container(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const app = at(plan.containerApp, i);
  const h = naming.look(CTR, i);
  const replicaSet = hash(naming.seed, SALT.look * 64 + APP, app)
    .toString(36)
    .slice(0, 6);
  const pod = h.toString(36).padStart(5, "0").slice(-5);
  return naming.entry(
    CTR,
    i,
    `${naming.appSlug(app)}-${replicaSet}-${pod}`,
    naming.appTeam(app),
    naming.appTeam(app),
    naming.appLifecycle(app),
    { version: naming.appVersion(app) },
  );
}

function database(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(DB, i);
  const engine = i === 0 ? at(DB_ENGINES, 2) : at(DB_ENGINES, h % DB_ENGINES.length);
  const version = at(engine.versions, (h >>> 4) % engine.versions.length);
  const domain = plan.dbDomain(i);
  const name =
    domain < 0 ? "Customer Master DB" : `${at(DOMAINS, domain).name} ${engine.name} ${i + 1}`;
  const owner = domain < 0 ? "team-customers" : `team-${at(DOMAINS, domain).slug}`;
  const sizeGb = Math.round((5 + 4000 * ((h >>> 8) / 16777216) ** 3) * 10) / 10;
  return naming.entry(
    DB,
    i,
    name,
    owner,
    "team-dba",
    i === 0 ? "PRODUCTION" : naming.lifecycle(DB, i, 0.09, 0.03),
    {
      version,
      attributes: { engine: engine.name, sizeGb: i === 0 ? 12_800 : sizeGb },
    },
  );
}

function messageQueue(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(MQ, i);
  const engine = i === 0 ? at(MQ_ENGINES, 0) : at(MQ_ENGINES, h % MQ_ENGINES.length);
  const version = at(engine.versions, (h >>> 4) % engine.versions.length);
  const domain = plan.mqDomain(i);
  const name =
    domain < 0 ? "Enterprise Event Bus" : `${at(DOMAINS, domain).name} ${engine.name} ${i + 1}`;
  return naming.entry(
    MQ,
    i,
    name,
    domain < 0 ? "team-messaging" : `team-${at(DOMAINS, domain).slug}`,
    "team-messaging",
    i === 0 ? "PRODUCTION" : naming.lifecycle(MQ, i, 0.09, 0.03),
    { version },
  );
}

function middleware(naming: CiNaming, i: number): CiEntry {
  const h = naming.look(MW, i);
  const product = at(MIDDLEWARE, h % MIDDLEWARE.length);
  const version = at(product.versions, (h >>> 4) % product.versions.length);
  return naming.entry(
    MW,
    i,
    `${product.name} ${i + 1}`,
    "team-middleware",
    "team-middleware",
    naming.lifecycle(MW, i, 0.09, 0.03),
    { version },
  );
}

function application(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const h = naming.look(APP, i);
  const domain = plan.appDomain(i);
  const language = domain < 0 ? at(PLATFORM, i).language : at(LANGUAGES, h % LANGUAGES.length);
  const repositoryGroup = domain < 0 ? "platform" : at(DOMAINS, domain).slug;
  const team = naming.appTeam(i);
  return naming.entry(APP, i, naming.appName(i), team, team, naming.appLifecycle(i), {
    version: naming.appVersion(i),
    attributes: {
      language,
      repository: `https://git.example.com/${repositoryGroup}/${naming.appSlug(i)}`,
    },
  });
}

function applicationService(naming: CiNaming, i: number): CiEntry {
  const plan = naming.plan;
  const app = at(plan.serviceApp, i);
  const domain = plan.appDomain(app);
  let name: string;
  if (domain < 0) {
    name = at(PLATFORM, app).service;
  } else {
    const local = i - at(plan.appServiceStart, app);
    const d = at(DOMAINS, domain);
    const noun = at(d.nouns, (app + local) % d.nouns.length);
    const suffix = at(SERVICE_SUFFIXES, Math.min(local, SERVICE_SUFFIXES.length - 1));
    name = `${d.name} ${noun} ${suffix} ${i + 1}`;
  }
  const team = naming.appTeam(app);
  return naming.entry(SVC, i, name, team, team, naming.appLifecycle(app), {
    version: `v${1 + (naming.look(SVC, i) % 3)}`,
  });
}
