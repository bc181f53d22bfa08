import type { CiEntry, RelationshipEntry } from "../interchange/interchange-document.js";

/** The formats discovery reads (docs/adr/011-discovery.md gives each one's key rules). */
export const DISCOVERY_FORMATS = ["KUBERNETES", "COMPOSE", "BACKSTAGE", "TERRAFORM"] as const;
export type DiscoveryFormat = (typeof DISCOVERY_FORMATS)[number];

/** One file (or one text given through the API) as a discovery run reads it. */
export interface DiscoveryInput {
  /** Where it came from: a path for the CLI, `documents[i]` for the API. Errors name it. */
  readonly name: string;
  readonly text: string;
}

/**
 * A discovered CI: an interchange entry (key, name, type, attributes …) stating only what the
 * source knows. The reconciliation decides which of its fields are written.
 */
export type DiscoveredCi = CiEntry & { attributes: Record<string, unknown> };

/** What one run found: CIs and relationships in the interchange shape, each once. */
export interface DiscoveredEstate {
  readonly configurationItems: DiscoveredCi[];
  readonly relationships: RelationshipEntry[];
  /**
   * Relationships to a CI the files name but do not describe (a Backstage owner defined in
   * another catalog): kept when the CMDB has that key, reported otherwise.
   */
  readonly references: RelationshipEntry[];
  /**
   * For a key that names its cluster or workspace (Kubernetes, Terraform), the key the same CI
   * had before keys named them: a CI already discovered under it keeps it (ADR 011).
   */
  readonly legacyKeys?: ReadonlyMap<string, string>;
  /** The Kubernetes cluster the keys name (KUBERNETES only). */
  readonly cluster?: string;
  /** The Terraform workspace the keys name (TERRAFORM only). */
  readonly workspace?: string;
}

/** What a run knows besides its files: the source, and a cluster or workspace it was given. */
export interface DiscoveryOptions {
  /** The source's name: the cluster of manifests that name none. */
  readonly source: string;
  /** The Kubernetes cluster the manifests describe (else the kubeconfig's, else the source). */
  readonly cluster?: string | null;
  /** The Terraform workspace of the state (else the local backend's folder, else `default`). */
  readonly workspace?: string | null;
}

/** A cluster or workspace name as a key segment: no `/`, so the key's segments stay apart. */
export function scopePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._:@+-]/g, "_").slice(0, 100);
}

/**
 * The estate with, for each key under `prefix + scope + "/"`, the key it had before the scope
 * was in keys (`prefix` + the rest).
 */
export function withLegacyKeys(
  estate: DiscoveredEstate,
  prefix: string,
  scope: string,
): ReadonlyMap<string, string> {
  const scoped = `${prefix}${scope}/`;
  const legacy = new Map<string, string>();
  for (const c of estate.configurationItems) {
    if (c.key.startsWith(scoped)) legacy.set(c.key, prefix + c.key.slice(scoped.length));
  }
  return legacy;
}

/**
 * A file that cannot be read as the format says: names the file, the document in it (0-based,
 * null for the file as a whole), the path inside the document and what was expected.
 */
export class DiscoveryInputError extends Error {
  constructor(
    readonly file: string,
    readonly documentIndex: number | null,
    readonly path: string,
    readonly expected: string,
  ) {
    const where = documentIndex === null ? file : `${file} document ${String(documentIndex)}`;
    super(`${where}: ${path || "(top)"}: ${expected}`);
    this.name = "DiscoveryInputError";
  }
}

/**
 * Collects CIs and relationships as a parser finds them: a CI found twice keeps its first
 * statement with the later attributes merged in; a relationship is kept once; a relationship
 * to itself is dropped (a manifest that names its own Service).
 */
export class EstateBuilder {
  private readonly cis = new Map<string, DiscoveredCi>();
  private readonly relationships = new Map<string, RelationshipEntry>();

  ci(entry: DiscoveredCi): string {
    const known = this.cis.get(entry.key);
    if (known) {
      const merged = {
        ...entry,
        ...known,
        attributes: { ...entry.attributes, ...known.attributes },
      };
      this.cis.set(entry.key, merged);
    } else {
      this.cis.set(entry.key, entry);
    }
    return entry.key;
  }

  has(key: string): boolean {
    return this.cis.has(key);
  }

  relate(from: string, type: string, to: string): void {
    if (from === to) return;
    this.relationships.set(`${from}\u0000${type}\u0000${to}`, { from, type, to });
  }

  build(): DiscoveredEstate {
    const configurationItems = [...this.cis.values()].sort((a, b) => a.key.localeCompare(b.key));
    const all = [...this.relationships.values()].sort((a, b) =>
      `${a.from} ${a.type} ${a.to}`.localeCompare(`${b.from} ${b.type} ${b.to}`),
    );
    const found = (r: RelationshipEntry): boolean => this.cis.has(r.from) && this.cis.has(r.to);
    return {
      configurationItems,
      relationships: all.filter(found),
      references: all.filter((r) => !found(r)),
    };
  }
}

/** Characters a CI key admits (CI_KEY); anything else in a name becomes `_`. */
export function keyPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._:/@+-]/g, "_");
}

/** A container image reference as a CI: one per reference, shared by every format. */
export function imageCi(reference: string): DiscoveredCi {
  const ref = reference.trim();
  const at = ref.indexOf("@");
  const beforeDigest = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.lastIndexOf(":");
  const tag = colon > lastSlash ? beforeDigest.slice(colon + 1) : null;
  const repository = colon > lastSlash ? beforeDigest.slice(0, colon) : beforeDigest;
  const attributes: Record<string, unknown> = { repository };
  if (at >= 0) attributes.digest = ref.slice(at + 1);
  return {
    key: `image:${keyPart(ref)}`.slice(0, 200),
    name: ref.slice(0, 200),
    type: "ContainerImage",
    ...(tag !== null ? { version: tag.slice(0, 100) } : at < 0 ? { version: "latest" } : {}),
    attributes,
  };
}

/**
 * The host a value names, in any of the forms configuration uses: `host`, `host:port`,
 * `scheme://user:pass@host:port/path?query`. Returns every such host in the value (a list
 * separated by commas, spaces or semicolons gives several), lower-cased.
 */
export function hostsIn(value: string): string[] {
  const hosts: string[] = [];
  for (const raw of value.split(/[\s,;]+/)) {
    let token = raw.replace(/^["']|["']$/g, "");
    if (token === "") continue;
    const assign = /^-{0,2}[A-Za-z_][A-Za-z0-9_.-]*=(.*)$/.exec(token);
    if (assign && !token.includes("://")) token = assign[1] ?? "";
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(.*)$/.exec(token);
    if (scheme) token = scheme[1] ?? "";
    token = token.replace(/[/?#].*$/, "");
    const at = token.lastIndexOf("@");
    if (at >= 0) token = token.slice(at + 1);
    token = token.replace(/:\d+$/, "");
    if (
      /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
        token,
      )
    )
      hosts.push(token.toLowerCase());
  }
  return hosts;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
