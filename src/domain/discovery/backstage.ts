import {
  asArray,
  asString,
  DiscoveryInputError,
  EstateBuilder,
  isRecord,
  keyPart,
  type DiscoveredEstate,
  type DiscoveryInput,
} from "./discovered-estate.js";
import { yamlDocuments } from "./yaml-documents.js";

/**
 * A Backstage software catalog (`catalog-info.yaml`, multi-document) as CIs. Kinds map to CI
 * types: Component → SoftwareComponent, API → Api, Resource → Database (spec.type database)
 * or CloudResource, System → System, Domain → Domain, Group → Team, User → Person. Locations
 * are not CIs: the CLI reads their targets (see `locationTargets`).
 *
 *   (x)-[:OWNED_BY]->(:Team|:Person)                   spec.owner
 *   (:SoftwareComponent|:Api|:CloudResource)-[:BELONGS_TO]->(:System)   spec.system
 *   (:System)-[:BELONGS_TO]->(:Domain)                  spec.domain (and Domain's subdomainOf)
 *   (:SoftwareComponent)-[:BELONGS_TO]->(:SoftwareComponent)   spec.subcomponentOf
 *   (a)-[:DEPENDS_ON]->(b)                              a.spec.dependsOn b, b.spec.dependencyOf a
 *   (:SoftwareComponent)-[:PROVIDES|CONSUMES]->(:Api)   spec.providesApis, spec.consumesApis
 *   (:Person|:Team)-[:MEMBER_OF_GROUP]->(:Team)         memberOf, members, parent, children
 *
 * Keys: `backstage:<kind>:<namespace>/<name>`, lower-case (Backstage compares refs without
 * case). A ref is `[kind:][namespace/]name`; a missing kind is the relation's default (Group
 * for owners, System, API …), a missing namespace the referring entity's.
 */
export function discoverBackstage(inputs: readonly DiscoveryInput[]): DiscoveredEstate {
  const estate = new EstateBuilder();
  const entities: Entity[] = [];
  for (const input of inputs) {
    for (const doc of yamlDocuments(input)) {
      const entity = entityOf(doc.value, input.name, doc.index);
      if (entity) entities.push(entity);
    }
  }
  for (const e of entities) estate.ci(ciOf(e));
  for (const e of entities) relationsOf(e, estate);
  return estate.build();
}

/** Where each Location entity of these files points (`spec.target`, `spec.targets`), as written. */
export function locationTargets(input: DiscoveryInput): string[] {
  const targets: string[] = [];
  for (const doc of yamlDocuments(input)) {
    if (!isRecord(doc.value) || doc.value.kind !== "Location") continue;
    const spec = isRecord(doc.value.spec) ? doc.value.spec : {};
    const one = asString(spec.target);
    if (one) targets.push(one);
    asArray(spec.targets).forEach((t, i) => {
      if (typeof t !== "string")
        throw new DiscoveryInputError(
          input.name,
          doc.index,
          `spec.targets[${String(i)}]`,
          "a target (a string)",
        );
      targets.push(t);
    });
  }
  return targets;
}

const KIND_TYPES: Record<string, string> = {
  component: "SoftwareComponent",
  api: "Api",
  system: "System",
  domain: "Domain",
  group: "Team",
  user: "Person",
};

interface Entity {
  readonly file: string;
  readonly doc: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
}

function entityOf(value: unknown, file: string, doc: number): Entity | null {
  if (!isRecord(value))
    throw new DiscoveryInputError(
      file,
      doc,
      "",
      "a catalog entity (a mapping with apiVersion, kind, metadata)",
    );
  const kind = asString(value.kind);
  if (!kind) throw new DiscoveryInputError(file, doc, "kind", "the entity's kind (a string)");
  const apiVersion = asString(value.apiVersion);
  if (!apiVersion?.startsWith("backstage.io/"))
    throw new DiscoveryInputError(
      file,
      doc,
      "apiVersion",
      "backstage.io/v1alpha1 or another backstage.io version",
    );
  if (!isRecord(value.metadata) || !asString(value.metadata.name))
    throw new DiscoveryInputError(file, doc, "metadata.name", "the entity's name (a string)");
  if (value.spec !== undefined && !isRecord(value.spec))
    throw new DiscoveryInputError(file, doc, "spec", "a mapping");
  const lower = kind.toLowerCase();
  // Locations point at more files; Templates and other kinds are not configuration items
  if (!(lower in KIND_TYPES) && lower !== "resource") return null;
  const metadata = value.metadata;
  const namespace = (asString(metadata.namespace) ?? "default").toLowerCase();
  const name = String(metadata.name);
  return {
    file,
    doc,
    kind: lower,
    namespace,
    name,
    key: keyOf(lower, namespace, name.toLowerCase()),
    metadata,
    spec: isRecord(value.spec) ? value.spec : {},
  };
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `backstage:${keyPart(kind)}:${keyPart(namespace)}/${keyPart(name)}`.slice(0, 200);
}

/** A ref in full (`component:default/artist-web`) or short (`artist-web`, `team-a`, `ns/name`) form. */
export function parseEntityRef(
  ref: string,
  defaults: { kind: string; namespace: string },
): { kind: string; namespace: string; name: string } {
  const colon = ref.indexOf(":");
  const kind = colon > 0 ? ref.slice(0, colon) : defaults.kind;
  const rest = colon > 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf("/");
  const namespace = slash > 0 ? rest.slice(0, slash) : defaults.namespace;
  const name = slash > 0 ? rest.slice(slash + 1) : rest;
  return { kind: kind.toLowerCase(), namespace: namespace.toLowerCase(), name: name.toLowerCase() };
}

function ciOf(e: Entity): {
  key: string;
  name: string;
  type: string;
  owner?: string;
  attributes: Record<string, unknown>;
} {
  const spec = e.spec;
  const attributes: Record<string, unknown> = {
    kind: e.kind === "api" ? "API" : e.kind.charAt(0).toUpperCase() + e.kind.slice(1),
    namespace: e.namespace,
  };
  for (const [field, attr] of [
    ["title", "title"],
    ["description", "description"],
  ] as const) {
    const v = asString(e.metadata[field]);
    if (v) attributes[attr] = v;
  }
  if (Array.isArray(e.metadata.tags)) attributes.tags = e.metadata.tags.map(String);
  const specType = asString(spec.type);
  if (specType) attributes.specType = specType;
  const lifecycle = asString(spec.lifecycle);
  // Backstage's lifecycle (experimental, production …) is its own word, not the CMDB's lifecycle
  if (lifecycle) attributes.backstageLifecycle = lifecycle;
  if (isRecord(spec.profile)) {
    for (const f of ["displayName", "email"] as const)
      if (asString(spec.profile[f])) attributes[f] = spec.profile[f];
  }
  const type =
    e.kind === "resource"
      ? specType === "database"
        ? "Database"
        : "CloudResource"
      : (KIND_TYPES[e.kind] ?? "SoftwareComponent");
  const owner = asString(spec.owner);
  const ci: {
    key: string;
    name: string;
    type: string;
    owner?: string;
    attributes: Record<string, unknown>;
  } = { key: e.key, name: e.name, type, attributes };
  if (owner) {
    const r = parseEntityRef(owner, { kind: "group", namespace: e.namespace });
    ci.owner = `${r.kind}:${r.namespace}/${r.name}`;
  }
  return ci;
}

function relationsOf(e: Entity, estate: EstateBuilder): void {
  const refs = (field: string, kind: string): string[] => {
    const value = e.spec[field];
    const list =
      typeof value === "string"
        ? [value]
        : Array.isArray(value)
          ? value
          : value === undefined || value === null
            ? []
            : null;
    if (list === null)
      throw new DiscoveryInputError(
        e.file,
        e.doc,
        `spec.${field}`,
        "an entity ref or a list of entity refs",
      );
    return list.map((ref, i) => {
      if (typeof ref !== "string" || ref === "")
        throw new DiscoveryInputError(
          e.file,
          e.doc,
          `spec.${field}[${String(i)}]`,
          "an entity ref (a string such as component:default/name)",
        );
      const r = parseEntityRef(ref, { kind, namespace: e.namespace });
      return keyOf(r.kind, r.namespace, r.name);
    });
  };
  for (const owner of refs("owner", "group")) estate.relate(e.key, "OWNED_BY", owner);
  for (const system of refs("system", "system")) estate.relate(e.key, "BELONGS_TO", system);
  for (const domain of refs("domain", "domain")) estate.relate(e.key, "BELONGS_TO", domain);
  for (const domain of refs("subdomainOf", "domain")) estate.relate(e.key, "BELONGS_TO", domain);
  for (const parent of refs("subcomponentOf", "component"))
    estate.relate(e.key, "BELONGS_TO", parent);
  for (const dep of refs("dependsOn", "component")) estate.relate(e.key, "DEPENDS_ON", dep);
  for (const dependent of refs("dependencyOf", "component"))
    estate.relate(dependent, "DEPENDS_ON", e.key);
  for (const api of refs("providesApis", "api")) estate.relate(e.key, "PROVIDES", api);
  for (const api of refs("consumesApis", "api")) estate.relate(e.key, "CONSUMES", api);
  if (e.kind === "user")
    for (const group of refs("memberOf", "group")) estate.relate(e.key, "MEMBER_OF_GROUP", group);
  if (e.kind === "group") {
    for (const parent of refs("parent", "group")) estate.relate(e.key, "MEMBER_OF_GROUP", parent);
    for (const child of refs("children", "group")) estate.relate(child, "MEMBER_OF_GROUP", e.key);
    for (const member of refs("members", "user")) estate.relate(member, "MEMBER_OF_GROUP", e.key);
  }
}
