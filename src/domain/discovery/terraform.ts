import {
  asArray,
  asString,
  DiscoveryInputError,
  EstateBuilder,
  isRecord,
  keyPart,
  scopePart,
  withLegacyKeys,
  type DiscoveredEstate,
  type DiscoveryInput,
  type DiscoveryOptions,
} from "./discovered-estate.js";

/**
 * Terraform state as CIs: `terraform show -json` output (format_version 1.x, `values.root_module`
 * with child modules) and `.tfstate` files (version 4). One CI per instance of a managed
 * resource (data sources are read, not managed: no CI), named after its address:
 *
 *   (a)-[:DEPENDS_ON]->(b)   a's depends_on / dependencies name b's resource (every instance)
 *   (a)-[:DEPENDS_ON]->(b)   one of a's attribute values is b's id or ARN
 *
 * Keys: `tf:<workspace>/<address>`, with `[0]` and `["k"]` written `/0` and `/k`. The workspace
 * is `options.workspace`, else the folder the local backend keeps a workspace's state in
 * (`terraform.tfstate.d/<workspace>/`), else `default` (Terraform's own first workspace). Only
 * the id, ARN, name, tags and a few placement attributes are kept; values Terraform marks
 * sensitive are neither kept nor compared.
 */
export function discoverTerraform(
  inputs: readonly DiscoveryInput[],
  options: DiscoveryOptions,
): DiscoveredEstate {
  const workspaces = new Set(
    inputs.map(
      (i) => /(?:^|[/\\])terraform\.tfstate\.d[/\\]([^/\\]+)[/\\]/.exec(i.name)?.[1] ?? "default",
    ),
  );
  if (!options.workspace && workspaces.size > 1) {
    throw new DiscoveryInputError(
      inputs[1]?.name ?? "",
      null,
      "",
      `one workspace per run (the files are of ${[...workspaces].sort().join(", ")}): name it`,
    );
  }
  const workspace = scopePart(options.workspace ?? [...workspaces][0] ?? "default");
  const keyOf = (address: string): string => stateKey(workspace, address);
  const instances: Instance[] = [];
  for (const input of inputs) {
    let state: unknown;
    try {
      state = JSON.parse(input.text);
    } catch (e) {
      throw new DiscoveryInputError(
        input.name,
        null,
        "",
        `Terraform state as JSON (${(e as Error).message})`,
      );
    }
    instances.push(...instancesOf(state, input.name));
  }
  const builder = new EstateBuilder();
  for (const i of instances) builder.ci(ciOf(i, keyOf));
  relate(instances, builder, keyOf);
  const estate = builder.build();
  return { ...estate, workspace, legacyKeys: withLegacyKeys(estate, "tf:", workspace) };
}

interface Instance {
  readonly address: string;
  /** The resource's address without the instance index: what depends_on names. */
  readonly resource: string;
  readonly module: string | null;
  readonly type: string;
  readonly provider: string;
  readonly values: Record<string, unknown>;
  readonly sensitive: unknown;
  readonly dependsOn: string[];
}

function instancesOf(state: unknown, file: string): Instance[] {
  if (!isRecord(state))
    throw new DiscoveryInputError(file, null, "", "Terraform state (a JSON object)");
  if (state.version === 4 && Array.isArray(state.resources))
    return fromTfstate(state.resources, file);
  if (typeof state.version === "number")
    throw new DiscoveryInputError(
      file,
      null,
      "version",
      `state version 4 (got ${String(state.version)})`,
    );
  if (asString(state.format_version)) {
    if (state.values === undefined || state.values === null) return []; // an empty state
    if (!isRecord(state.values) || !isRecord(state.values.root_module))
      throw new DiscoveryInputError(
        file,
        null,
        "values.root_module",
        "the root module (an object)",
      );
    return fromModule(state.values.root_module, file, "values.root_module");
  }
  throw new DiscoveryInputError(
    file,
    null,
    "",
    "`terraform show -json` output (format_version, values) or a .tfstate file (version 4)",
  );
}

function fromModule(module: Record<string, unknown>, file: string, at: string): Instance[] {
  const out: Instance[] = [];
  asArray(module.resources).forEach((r, i) => {
    const path = `${at}.resources[${String(i)}]`;
    if (!isRecord(r)) throw new DiscoveryInputError(file, null, path, "a resource (an object)");
    const address = asString(r.address);
    const type = asString(r.type);
    if (!address || !type)
      throw new DiscoveryInputError(
        file,
        null,
        `${path}.address`,
        "the resource's address and type (strings)",
      );
    if (r.mode === "data") return;
    const moduleAddress = asString(module.address);
    out.push({
      address,
      resource: address.replace(/\[[^\]]*\]$/, ""),
      module: moduleAddress,
      type,
      provider: asString(r.provider_name) ?? "",
      values: isRecord(r.values) ? r.values : {},
      sensitive: r.sensitive_values,
      dependsOn: asArray(r.depends_on).map(String),
    });
  });
  asArray(module.child_modules).forEach((m, i) => {
    if (!isRecord(m))
      throw new DiscoveryInputError(
        file,
        null,
        `${at}.child_modules[${String(i)}]`,
        "a module (an object)",
      );
    out.push(...fromModule(m, file, `${at}.child_modules[${String(i)}]`));
  });
  return out;
}

function fromTfstate(resources: unknown[], file: string): Instance[] {
  const out: Instance[] = [];
  resources.forEach((r, i) => {
    const path = `resources[${String(i)}]`;
    if (!isRecord(r)) throw new DiscoveryInputError(file, null, path, "a resource (an object)");
    const type = asString(r.type);
    const name = asString(r.name);
    if (!type || !name)
      throw new DiscoveryInputError(
        file,
        null,
        `${path}.type`,
        "the resource's type and name (strings)",
      );
    if (r.mode === "data") return;
    if (!Array.isArray(r.instances))
      throw new DiscoveryInputError(file, null, `${path}.instances`, "a list of instances");
    const module = asString(r.module);
    const resource = `${module ? `${module}.` : ""}${type}.${name}`;
    r.instances.forEach((inst, j) => {
      if (!isRecord(inst))
        throw new DiscoveryInputError(
          file,
          null,
          `${path}.instances[${String(j)}]`,
          "an instance (an object)",
        );
      const index = inst.index_key;
      const suffix =
        index === undefined || index === null
          ? ""
          : typeof index === "number"
            ? `[${String(index)}]`
            : `[${JSON.stringify(index)}]`;
      out.push({
        address: `${resource}${suffix}`,
        resource,
        module,
        type,
        provider: providerName(asString(r.provider) ?? ""),
        values: isRecord(inst.attributes) ? inst.attributes : {},
        sensitive: sensitiveFromPaths(inst.sensitive_attributes),
        dependsOn: asArray(inst.dependencies).map(String),
      });
    });
  });
  return out;
}

/** `provider["registry.terraform.io/hashicorp/aws"].west` → `registry.terraform.io/hashicorp/aws`. */
function providerName(provider: string): string {
  return /^provider\["([^"]+)"\]/.exec(provider)?.[1] ?? provider;
}

/** tfstate v4's sensitive paths (`[[{type: get_attr, value: password}]]`) as show -json's tree of `true`. */
function sensitiveFromPaths(paths: unknown): unknown {
  const tree: Record<string, unknown> = {};
  for (const p of asArray(paths)) {
    const steps = asArray(p).filter(isRecord);
    let node: Record<string, unknown> = tree;
    steps.forEach((s, i) => {
      const k = String(s.value);
      if (i === steps.length - 1) node[k] = true;
      else {
        if (!isRecord(node[k])) node[k] = {};
        node = node[k] as Record<string, unknown>;
      }
    });
  }
  return tree;
}

/** Resource types a catalogue type fits better than CloudResource. */
const TYPE_OF: readonly [RegExp, string][] = [
  [
    /^(aws_instance|google_compute_instance|azurerm_(linux_|windows_)?virtual_machine|digitalocean_droplet)$/,
    "VirtualMachine",
  ],
  [
    /^(aws_db_instance|aws_rds_cluster|google_sql_database_instance|azurerm_(postgresql|mysql|mssql)_(flexible_)?server|aws_dynamodb_table)$/,
    "Database",
  ],
  [/^(aws_lb|aws_alb|aws_elb|google_compute_forwarding_rule|azurerm_lb)$/, "LoadBalancer"],
  [
    /^(aws_s3_bucket|google_storage_bucket|azurerm_storage_account|aws_ebs_volume|aws_efs_file_system)$/,
    "Storage",
  ],
];
/** Attributes worth keeping (never a whole resource: it may hold credentials). */
const KEPT = [
  "id",
  "arn",
  "name",
  "region",
  "availability_zone",
  "instance_type",
  "engine",
  "engine_version",
  "private_ip",
  "cidr_block",
];

function ciOf(
  i: Instance,
  keyOf: (address: string) => string,
): {
  key: string;
  name: string;
  type: string;
  version?: string;
  attributes: Record<string, unknown>;
} {
  const type = TYPE_OF.find(([re]) => re.test(i.type))?.[1] ?? "CloudResource";
  const attributes: Record<string, unknown> = {
    address: i.address,
    resourceType: i.type,
    provider: i.provider,
  };
  if (i.module) attributes.module = i.module;
  const sensitive = isRecord(i.sensitive) ? i.sensitive : {};
  for (const k of KEPT) {
    const v = i.values[k];
    if (sensitive[k] === undefined && (typeof v === "string" || typeof v === "number") && v !== "")
      attributes[k === "private_ip" ? "ipAddress" : k] = v;
  }
  if (isRecord(i.values.tags) && sensitive.tags === undefined) attributes.tags = i.values.tags;
  const ci: {
    key: string;
    name: string;
    type: string;
    version?: string;
    attributes: Record<string, unknown>;
  } = { key: keyOf(i.address), name: i.address.slice(0, 200), type, attributes };
  if (typeof i.values.engine_version === "string") ci.version = i.values.engine_version;
  return ci;
}

/** The key of a resource instance of a workspace's state. */
export function stateKey(workspace: string, address: string): string {
  const path = address.replace(/\[(\d+)\]/g, "/$1").replace(/\["([^"]*)"\]/g, "/$1");
  return `tf:${workspace}/${keyPart(path)}`.slice(0, 200);
}

function relate(
  instances: readonly Instance[],
  estate: EstateBuilder,
  keyOf: (address: string) => string,
): void {
  const byResource = new Map<string, Instance[]>();
  for (const i of instances) byResource.set(i.resource, [...(byResource.get(i.resource) ?? []), i]);
  // ids and ARNs name one instance; one that two instances share (a default, "") names none
  const byId = new Map<string, string | null>();
  for (const i of instances) {
    for (const k of ["id", "arn"]) {
      const v = i.values[k];
      if (typeof v !== "string" || v.length < 4) continue;
      byId.set(v, byId.has(v) && byId.get(v) !== i.address ? null : i.address);
    }
  }
  for (const i of instances) {
    const from = keyOf(i.address);
    for (const dep of i.dependsOn) {
      // a module's depends_on names every resource inside it
      const targets =
        byResource.get(dep) ??
        instances.filter((o) => o.module === dep || o.module?.startsWith(`${dep}.`));
      for (const t of targets) estate.relate(from, "DEPENDS_ON", keyOf(t.address));
    }
    for (const value of referenceValues(i.values, i.sensitive)) {
      const target = byId.get(value);
      if (target && target !== i.address) estate.relate(from, "DEPENDS_ON", keyOf(target));
    }
  }
}

/** Every string under an instance's values but its own id and ARN, skipping what is marked sensitive. */
function referenceValues(values: Record<string, unknown>, sensitive: unknown): string[] {
  const out: string[] = [];
  const stack: { v: unknown; s: unknown; top: boolean }[] = [
    { v: values, s: sensitive, top: true },
  ];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { v, s, top } = next;
    if (s === true) continue;
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v))
      v.forEach((x, idx) =>
        stack.push({ v: x, s: Array.isArray(s) ? s[idx] : undefined, top: false }),
      );
    else if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (top && (k === "id" || k === "arn")) continue;
        stack.push({ v: x, s: isRecord(s) ? s[k] : undefined, top: false });
      }
    }
  }
  return out;
}
