import {
  asArray,
  asString,
  DiscoveryInputError,
  EstateBuilder,
  hostsIn,
  imageCi,
  isRecord,
  keyPart,
  type DiscoveredEstate,
  type DiscoveryInput,
} from "./discovered-estate.js";
import { yamlDocuments } from "./yaml-documents.js";

/**
 * Compose files (the Compose specification) as CIs:
 *
 *   (:ComposeService)-[:DEPENDS_ON]->(:ComposeService)   depends_on (short and long), links,
 *                                                         volumes_from, network_mode service:,
 *                                                         an environment value naming its host
 *   (:ComposeService)-[:DEPENDS_ON]->(:ContainerImage)
 *   (:ComposeService)-[:DEPENDS_ON]->(:Volume|:Network|:ConfigurationData)  named volumes,
 *                                                         networks, secrets and configs
 *   (every CI of the project)-[:BELONGS_TO]->(:Namespace {the project})
 *
 * Keys: `compose:<project>/<service>`, `compose:<project>/<volume|network|secret|config>/<name>`,
 * `compose:<project>`; the project is the file's `name`, else its folder's name. Files of one
 * project (compose.yaml and its overrides) add up. Profiles are recorded as an attribute.
 */
export function discoverCompose(inputs: readonly DiscoveryInput[]): DiscoveredEstate {
  const estate = new EstateBuilder();
  const projects = new Map<string, ComposeFile[]>();
  for (const input of inputs) {
    for (const doc of yamlDocuments(input)) {
      const file = composeFile(doc.value, input.name, doc.index);
      projects.set(file.project, [...(projects.get(file.project) ?? []), file]);
    }
  }
  for (const [project, files] of projects) new ComposeProject(estate, project, files).build();
  return estate.build();
}

interface ComposeFile {
  readonly file: string;
  readonly doc: number;
  readonly project: string;
  readonly body: Record<string, unknown>;
  readonly services: Record<string, Record<string, unknown>>;
}

function composeFile(value: unknown, file: string, doc: number): ComposeFile {
  if (!isRecord(value))
    throw new DiscoveryInputError(file, doc, "", "a compose file (a mapping with services)");
  if (!isRecord(value.services))
    throw new DiscoveryInputError(file, doc, "services", "a mapping of service names to services");
  const services: Record<string, Record<string, unknown>> = {};
  for (const [name, service] of Object.entries(value.services)) {
    if (service !== null && !isRecord(service))
      throw new DiscoveryInputError(file, doc, `services.${name}`, "a service (a mapping)");
    services[name] = service ?? {};
  }
  const project = projectName(asString(value.name) ?? folderOf(file) ?? "default");
  return { file, doc, project, body: value, services };
}

/** Compose's own rule: lower-case letters, digits, dashes and underscores. */
function projectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, "") || "default";
}

function folderOf(file: string): string | null {
  const parts = file.split(/[\\/]/);
  return parts.length >= 2 ? (parts[parts.length - 2] ?? null) : null;
}

class ComposeProject {
  private readonly projectKey: string;
  /** Service, container and alias names by which a service is reached, lower-case. */
  private readonly hosts = new Map<string, string>();
  private readonly serviceKeys = new Map<string, string>();

  constructor(
    private readonly estate: EstateBuilder,
    private readonly project: string,
    private readonly files: readonly ComposeFile[],
  ) {
    this.projectKey = estate.ci({
      key: `compose:${keyPart(project)}`,
      name: project,
      type: "Namespace",
      attributes: { kind: "ComposeProject" },
    });
  }

  build(): void {
    for (const f of this.files)
      for (const [name, s] of Object.entries(f.services)) this.service(name, s);
    for (const f of this.files)
      for (const [name, s] of Object.entries(f.services)) this.edges(f, name, s);
  }

  private keyOf(kind: string | null, name: string): string {
    return `compose:${keyPart(this.project)}/${kind ? `${kind}/` : ""}${keyPart(name)}`.slice(
      0,
      200,
    );
  }

  private service(name: string, s: Record<string, unknown>): void {
    const attributes: Record<string, unknown> = { project: this.project };
    if (Array.isArray(s.profiles)) attributes.profiles = s.profiles.map(String);
    const build =
      typeof s.build === "string" ? s.build : isRecord(s.build) ? asString(s.build.context) : null;
    if (build) attributes.buildContext = build;
    if (asString(s.container_name)) attributes.containerName = s.container_name;
    const ports = asArray(s.ports).map((p) => (isRecord(p) ? p : String(p)));
    if (ports.length > 0) attributes.ports = ports;
    if (asString(s.restart)) attributes.restart = s.restart;
    const key = this.estate.ci({
      key: this.keyOf(null, name),
      name,
      type: "ComposeService",
      attributes,
    });
    this.serviceKeys.set(name, key);
    this.estate.relate(key, "BELONGS_TO", this.projectKey);
    this.hosts.set(name.toLowerCase(), key);
    if (asString(s.container_name)) this.hosts.set(String(s.container_name).toLowerCase(), key);
    if (asString(s.hostname)) this.hosts.set(String(s.hostname).toLowerCase(), key);
    if (isRecord(s.networks)) {
      for (const net of Object.values(s.networks)) {
        if (isRecord(net))
          for (const alias of asArray(net.aliases))
            this.hosts.set(String(alias).toLowerCase(), key);
      }
    }
  }

  private resource(
    kind: "volume" | "network" | "secret" | "config",
    name: string,
    f: ComposeFile,
  ): string {
    const section = isRecord(f.body[`${kind}s`])
      ? (f.body[`${kind}s`] as Record<string, unknown>)
      : {};
    const definition = isRecord(section[name]) ? section[name] : {};
    const type =
      kind === "volume" ? "Volume" : kind === "network" ? "Network" : "ConfigurationData";
    const attributes: Record<string, unknown> = { kind: `compose ${kind}`, project: this.project };
    if (asString(definition.driver)) attributes.driver = definition.driver;
    if (definition.external === true) attributes.external = true;
    // a secret or config is recorded by reference: its file or value is never read
    const key = this.estate.ci({ key: this.keyOf(kind, name), name, type, attributes });
    this.estate.relate(key, "BELONGS_TO", this.projectKey);
    return key;
  }

  private edges(f: ComposeFile, name: string, s: Record<string, unknown>): void {
    const key = this.serviceKeys.get(name) ?? this.keyOf(null, name);
    const path = (p: string): string => `services.${name}.${p}`;
    const dependOn = (other: string, at: string): void => {
      const target = this.serviceKeys.get(other);
      if (!target)
        throw new DiscoveryInputError(
          f.file,
          f.doc,
          path(at),
          `the name of a service of project ${this.project} (got ${JSON.stringify(other)})`,
        );
      this.estate.relate(key, "DEPENDS_ON", target);
    };
    const image = asString(s.image);
    if (image) this.estate.relate(key, "DEPENDS_ON", this.estate.ci(imageCi(image)));

    if (Array.isArray(s.depends_on))
      s.depends_on.forEach((d, i) => dependOn(String(d), `depends_on[${String(i)}]`));
    else if (isRecord(s.depends_on))
      for (const d of Object.keys(s.depends_on)) dependOn(d, `depends_on.${d}`);
    else if (s.depends_on !== undefined && s.depends_on !== null)
      throw new DiscoveryInputError(
        f.file,
        f.doc,
        path("depends_on"),
        "a list of service names or a mapping of service names to conditions",
      );

    asArray(s.links).forEach((l, i) =>
      dependOn(String(l).split(":")[0] ?? "", `links[${String(i)}]`),
    );
    asArray(s.volumes_from).forEach((v, i) => {
      const from = String(v).split(":")[0] ?? "";
      if (from !== "container") dependOn(from, `volumes_from[${String(i)}]`);
    });
    const mode = asString(s.network_mode);
    if (mode?.startsWith("service:")) dependOn(mode.slice("service:".length), "network_mode");

    for (const value of environmentValues(s.environment)) {
      for (const host of hostsIn(value)) {
        const target = this.hosts.get(host);
        if (target && target !== key) this.estate.relate(key, "DEPENDS_ON", target);
      }
    }

    const namedVolumes = isRecord(f.body.volumes) ? f.body.volumes : {};
    asArray(s.volumes).forEach((v) => {
      let source: string | null = null;
      if (typeof v === "string") {
        const first = v.split(":")[0] ?? "";
        if (v.includes(":") && !/^[./~]/.test(first) && !first.startsWith("$")) source = first;
      } else if (isRecord(v) && (v.type === "volume" || v.type === undefined))
        source = asString(v.source);
      if (source && (source in namedVolumes || !source.includes("/")))
        this.estate.relate(key, "DEPENDS_ON", this.resource("volume", source, f));
    });

    const networks = Array.isArray(s.networks)
      ? s.networks.map(String)
      : isRecord(s.networks)
        ? Object.keys(s.networks)
        : [];
    for (const n of networks) this.estate.relate(key, "DEPENDS_ON", this.resource("network", n, f));
    for (const kind of ["secret", "config"] as const) {
      for (const ref of asArray(s[`${kind}s`])) {
        const refName = typeof ref === "string" ? ref : isRecord(ref) ? asString(ref.source) : null;
        if (refName) this.estate.relate(key, "DEPENDS_ON", this.resource(kind, refName, f));
      }
    }
  }
}

/** An environment's values, in the list (`KEY=value`) or mapping form. */
function environmentValues(environment: unknown): string[] {
  if (Array.isArray(environment)) {
    return environment.map(String).map((e) => (e.includes("=") ? e.slice(e.indexOf("=") + 1) : ""));
  }
  if (isRecord(environment))
    return Object.values(environment)
      .filter((v) => v !== null && v !== undefined)
      .map(String);
  return [];
}
