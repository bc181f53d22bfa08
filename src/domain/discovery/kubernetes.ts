import {
  asArray,
  asString,
  DiscoveryInputError,
  EstateBuilder,
  hostsIn,
  imageCi,
  isRecord,
  keyPart,
  scopePart,
  withLegacyKeys,
  type DiscoveredEstate,
  type DiscoveryInput,
  type DiscoveryOptions,
} from "./discovered-estate.js";
import { yamlDocuments } from "./yaml-documents.js";

/**
 * Kubernetes manifests (multi-document YAML, `List` kinds, `kubectl get -o yaml` output) as CIs:
 *
 *   (:KubernetesWorkload)-[:DEPENDS_ON]->(:ContainerImage)          the image each container runs
 *   (:KubernetesWorkload)-[:PROVIDES]->(:KubernetesService)         the Service selects its pods
 *   (:Ingress)-[:DEPENDS_ON]->(:KubernetesService)                  the Ingress routes to it
 *   (:KubernetesWorkload)-[:DEPENDS_ON]->(:KubernetesService)       env/args name its DNS name
 *   (:KubernetesWorkload)-[:DEPENDS_ON]->(:ConfigurationData|:VolumeClaim)  envFrom, env, volumes
 *   (:KubernetesWorkload)-[:CONNECTS_TO]->(:KubernetesWorkload)     a NetworkPolicy admits it
 *   (any namespaced CI)-[:BELONGS_TO]->(:Namespace)
 *
 * Keys: `k8s:<cluster>/<namespace>/<kind>/<name>` (kind lower-case),
 * `k8s:<cluster>/namespace/<name>`, `image:<reference>` (shared by clusters). The cluster is
 * `options.cluster`, else the cluster of a kubeconfig document's (`kind: Config`) current
 * context among the inputs, else the source's name. A dependency on a Service stays on the
 * Service: the Service is PROVIDED by the workloads it selects (dependent end TARGET), so
 * impact reaches them through it.
 */
export function discoverKubernetes(
  inputs: readonly DiscoveryInput[],
  options: DiscoveryOptions,
): DiscoveredEstate {
  const objects: K8sObject[] = [];
  let fromConfig: { cluster: string; file: string } | null = null;
  for (const input of inputs) {
    for (const doc of yamlDocuments(input)) {
      if (isRecord(doc.value) && doc.value.kind === "Config") {
        const cluster = kubeconfigCluster(doc.value, input.name, doc.index);
        if (cluster && fromConfig && fromConfig.cluster !== cluster) {
          throw new DiscoveryInputError(
            input.name,
            doc.index,
            "current-context",
            `the cluster ${fromConfig.cluster} of ${fromConfig.file} (one cluster per run), not ${cluster}`,
          );
        }
        if (cluster) fromConfig = { cluster, file: input.name };
        continue;
      }
      objects.push(...objectsOf(doc.value, input.name, doc.index));
    }
  }
  const cluster = scopePart(options.cluster ?? fromConfig?.cluster ?? options.source);
  const estate = new KubernetesEstate(objects, cluster).build();
  return { ...estate, cluster, legacyKeys: withLegacyKeys(estate, "k8s:", cluster) };
}

/**
 * The cluster of a kubeconfig's current context (`contexts[].context.cluster`, else the
 * context's name); null when it names no current context. Users and credentials are never read.
 */
function kubeconfigCluster(
  config: Record<string, unknown>,
  file: string,
  doc: number,
): string | null {
  const current = config["current-context"];
  if (current === undefined || current === null || current === "") return null;
  if (typeof current !== "string")
    throw new DiscoveryInputError(file, doc, "current-context", "a context name (a string)");
  const context = asArray(config.contexts)
    .filter(isRecord)
    .find((c) => c.name === current);
  const cluster = context && isRecord(context.context) ? asString(context.context.cluster) : null;
  return cluster ?? current;
}

interface K8sObject {
  readonly file: string;
  readonly doc: number;
  /** Where the object is inside its document (`items[2]` in a List). */
  readonly at: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly body: Record<string, unknown>;
}

const WORKLOAD_KINDS = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "Pod",
]);
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "PersistentVolume",
  "StorageClass",
  "CustomResourceDefinition",
  "Node",
]);

function objectsOf(
  value: unknown,
  file: string,
  doc: number,
  at = "",
  listKind?: string,
): K8sObject[] {
  const where = (p: string): string => (at ? `${at}.${p}` : p);
  if (!isRecord(value)) {
    throw new DiscoveryInputError(
      file,
      doc,
      at,
      "a Kubernetes object (a mapping with apiVersion, kind and metadata)",
    );
  }
  const kind = asString(value.kind) ?? listKind;
  if (!kind)
    throw new DiscoveryInputError(file, doc, where("kind"), "the object's kind (a string)");
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(value.items))) {
    if (!Array.isArray(value.items))
      throw new DiscoveryInputError(file, doc, where("items"), "a list of objects");
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    return value.items.flatMap((item, i) =>
      objectsOf(item, file, doc, where(`items[${String(i)}]`), itemKind),
    );
  }
  const metadata = value.metadata;
  if (!isRecord(metadata))
    throw new DiscoveryInputError(file, doc, where("metadata"), "a mapping with the object's name");
  const name = asString(metadata.name);
  if (!name)
    throw new DiscoveryInputError(
      file,
      doc,
      where("metadata.name"),
      "the object's name (a string)",
    );
  const labels: Record<string, string> = {};
  if (metadata.labels !== undefined && metadata.labels !== null) {
    if (!isRecord(metadata.labels))
      throw new DiscoveryInputError(
        file,
        doc,
        where("metadata.labels"),
        "a mapping of label names to values",
      );
    for (const [k, v] of Object.entries(metadata.labels)) labels[k] = String(v);
  }
  const namespace = CLUSTER_SCOPED.has(kind) ? "" : (asString(metadata.namespace) ?? "default");
  return [{ file, doc, at, kind, name, namespace, labels, body: value }];
}

/** What selects pods: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
function matchesSelector(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return true;
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== String(v)) return false;
  for (const e of asArray(selector.matchExpressions)) {
    if (!isRecord(e)) continue;
    const key = String(e.key);
    const values = asArray(e.values).map(String);
    const has = key in labels;
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labels[key] ?? "")) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[key] ?? "")) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

interface Workload {
  readonly object: K8sObject;
  readonly key: string;
  readonly podLabels: Record<string, string>;
  readonly podSpec: Record<string, unknown>;
  readonly podSpecAt: string;
}

class KubernetesEstate {
  private readonly estate = new EstateBuilder();
  private readonly workloads: Workload[] = [];
  /** Services by `name.namespace`. */
  private readonly services = new Map<string, { key: string; object: K8sObject }>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  constructor(
    private readonly objects: readonly K8sObject[],
    private readonly cluster: string,
  ) {}

  build(): DiscoveredEstate {
    for (const o of this.objects) this.collect(o);
    for (const o of this.objects) {
      if (o.kind === "Service") this.serviceEdges(o);
      if (o.kind === "Ingress") this.ingress(o);
      if (o.kind === "NetworkPolicy") this.networkPolicy(o);
    }
    for (const w of this.workloads) this.workloadEdges(w);
    return this.estate.build();
  }

  private collect(o: K8sObject): void {
    if (o.kind === "Namespace") {
      this.namespace(o.name, o.labels);
      return;
    }
    if (WORKLOAD_KINDS.has(o.kind)) this.workload(o);
    else if (o.kind === "Service") {
      const spec = isRecord(o.body.spec) ? o.body.spec : {};
      const attributes: Record<string, unknown> = {
        kind: "Service",
        namespace: o.namespace,
        serviceType: asString(spec.type) ?? "ClusterIP",
      };
      const ports = asArray(spec.ports)
        .filter(isRecord)
        .map((p) => pick(p, ["name", "port", "targetPort", "protocol"]));
      if (ports.length > 0) attributes.ports = ports;
      if (isRecord(spec.selector)) attributes.selector = spec.selector;
      if (asString(spec.externalName)) attributes.externalName = spec.externalName;
      if (spec.clusterIP === "None") attributes.headless = true;
      const key = this.namespaced(o, "KubernetesService", attributes);
      this.services.set(`${o.name}.${o.namespace}`, { key, object: o });
    } else if (o.kind === "ConfigMap" || o.kind === "Secret") {
      // by reference only: the data (and a Secret's values above all) are never read
      this.reference(o.namespace, o.kind, o.name);
    } else if (o.kind === "PersistentVolumeClaim") {
      const spec = isRecord(o.body.spec) ? o.body.spec : {};
      this.claim(o.namespace, o.name, spec);
    } else if (o.kind === "Ingress") {
      const spec = isRecord(o.body.spec) ? o.body.spec : {};
      const hosts = asArray(spec.rules)
        .filter(isRecord)
        .map((r) => asString(r.host))
        .filter((h): h is string => h !== null);
      const attributes: Record<string, unknown> = { kind: "Ingress", namespace: o.namespace };
      if (hosts.length > 0) attributes.hosts = hosts;
      if (asString(spec.ingressClassName)) attributes.ingressClassName = spec.ingressClassName;
      this.namespaced(o, "Ingress", attributes);
    }
  }

  private namespace(name: string, labels: Record<string, string> = {}): string {
    const known = this.namespaceLabels.get(name) ?? {};
    this.namespaceLabels.set(name, { ...known, ...labels, "kubernetes.io/metadata.name": name });
    return this.estate.ci({
      key: `k8s:${this.cluster}/namespace/${keyPart(name)}`.slice(0, 200),
      name,
      type: "Namespace",
      attributes: { kind: "Namespace" },
    });
  }

  private keyOf(namespace: string, kind: string, name: string): string {
    return `k8s:${this.cluster}/${keyPart(namespace)}/${kind.toLowerCase()}/${keyPart(name)}`.slice(
      0,
      200,
    );
  }

  private namespaced(o: K8sObject, type: string, attributes: Record<string, unknown>): string {
    const key = this.estate.ci({
      key: this.keyOf(o.namespace, o.kind, o.name),
      name: o.name,
      type,
      attributes,
    });
    this.estate.relate(key, "BELONGS_TO", this.namespace(o.namespace));
    return key;
  }

  private reference(namespace: string, kind: "ConfigMap" | "Secret", name: string): string {
    const key = this.estate.ci({
      key: this.keyOf(namespace, kind, name),
      name,
      type: "ConfigurationData",
      attributes: { kind, namespace },
    });
    this.estate.relate(key, "BELONGS_TO", this.namespace(namespace));
    return key;
  }

  private claim(namespace: string, name: string, spec: Record<string, unknown>): string {
    const attributes: Record<string, unknown> = { kind: "PersistentVolumeClaim", namespace };
    if (asString(spec.storageClassName)) attributes.storageClassName = spec.storageClassName;
    if (Array.isArray(spec.accessModes)) attributes.accessModes = spec.accessModes.map(String);
    const requests =
      isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
    if (typeof requests.storage === "string" || typeof requests.storage === "number")
      attributes.storage = String(requests.storage);
    const key = this.estate.ci({
      key: this.keyOf(namespace, "PersistentVolumeClaim", name),
      name,
      type: "VolumeClaim",
      attributes,
    });
    this.estate.relate(key, "BELONGS_TO", this.namespace(namespace));
    return key;
  }

  private workload(o: K8sObject): void {
    const owners = asArray(
      isRecord(o.body.metadata) ? o.body.metadata.ownerReferences : undefined,
    ).filter(isRecord);
    // what a controller made (a Deployment's ReplicaSets and Pods, a CronJob's Jobs) is that controller
    if (owners.some((r) => r.controller === true || WORKLOAD_KINDS.has(String(r.kind)))) return;
    const spec = isRecord(o.body.spec) ? o.body.spec : {};
    let template: unknown;
    let templateAt: string;
    if (o.kind === "Pod") {
      template = { metadata: { labels: o.labels }, spec };
      templateAt = "";
    } else if (o.kind === "CronJob") {
      const jobSpec =
        isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
      template = jobSpec.template;
      templateAt = "spec.jobTemplate.spec.template.";
    } else {
      template = spec.template;
      templateAt = "spec.template.";
    }
    const at = (p: string): string => `${o.at ? `${o.at}.` : ""}${templateAt}${p}`;
    if (!isRecord(template))
      throw new DiscoveryInputError(
        o.file,
        o.doc,
        at("").replace(/\.$/, "") || "spec",
        "the pod template (a mapping)",
      );
    const podSpec = template.spec;
    if (!isRecord(podSpec))
      throw new DiscoveryInputError(
        o.file,
        o.doc,
        at("spec"),
        "the pod spec (a mapping with containers)",
      );
    const containers = podSpec.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      throw new DiscoveryInputError(
        o.file,
        o.doc,
        at("spec.containers"),
        "a list of containers, at least one",
      );
    }
    const podLabels: Record<string, string> = {};
    const tm =
      isRecord(template.metadata) && isRecord(template.metadata.labels)
        ? template.metadata.labels
        : {};
    for (const [k, v] of Object.entries(tm)) podLabels[k] = String(v);

    const attributes: Record<string, unknown> = { kind: o.kind, namespace: o.namespace };
    if (typeof spec.replicas === "number") attributes.replicas = spec.replicas;
    if (asString(spec.schedule)) attributes.schedule = spec.schedule;
    attributes.containers = allContainers(podSpec).map((c) => asString(c.container.name) ?? "");
    if (asString(podSpec.serviceAccountName))
      attributes.serviceAccountName = podSpec.serviceAccountName;
    if (Object.keys(podLabels).length > 0) attributes.podLabels = podLabels;
    const key = this.namespaced(o, "KubernetesWorkload", attributes);
    this.workloads.push({ object: o, key, podLabels, podSpec, podSpecAt: at("spec") });

    if (o.kind === "StatefulSet") {
      asArray(spec.volumeClaimTemplates).forEach((t) => {
        if (!isRecord(t) || !isRecord(t.metadata) || !asString(t.metadata.name)) return;
        // the claims are <template>-<set>-<ordinal>: one CI stands for them all
        const claim = this.claim(
          o.namespace,
          `${String(t.metadata.name)}-${o.name}`,
          isRecord(t.spec) ? t.spec : {},
        );
        this.estate.relate(key, "DEPENDS_ON", claim);
      });
    }
  }

  private workloadEdges(w: Workload): void {
    const ns = w.object.namespace;
    const own = new Set(this.servicesSelecting(w));
    const { podSpec } = w;
    allContainers(podSpec).forEach(({ container, at }) => {
      const image = asString(container.image);
      if (!image)
        throw new DiscoveryInputError(
          w.object.file,
          w.object.doc,
          `${w.podSpecAt}.${at}.image`,
          "the container's image (a string)",
        );
      const img = this.estate.ci(imageCi(image));
      this.estate.relate(w.key, "DEPENDS_ON", img);
      for (const from of asArray(container.envFrom).filter(isRecord)) {
        const cm = isRecord(from.configMapRef) ? asString(from.configMapRef.name) : null;
        const secret = isRecord(from.secretRef) ? asString(from.secretRef.name) : null;
        if (cm) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "ConfigMap", cm));
        if (secret) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "Secret", secret));
      }
      const texts: string[] = [];
      for (const env of asArray(container.env).filter(isRecord)) {
        if (typeof env.value === "string") texts.push(env.value);
        const vf = isRecord(env.valueFrom) ? env.valueFrom : {};
        const cm = isRecord(vf.configMapKeyRef) ? asString(vf.configMapKeyRef.name) : null;
        const secret = isRecord(vf.secretKeyRef) ? asString(vf.secretKeyRef.name) : null;
        if (cm) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "ConfigMap", cm));
        if (secret) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "Secret", secret));
      }
      for (const list of [container.args, container.command])
        texts.push(...asArray(list).filter((a): a is string => typeof a === "string"));
      for (const text of texts) {
        for (const host of hostsIn(text)) {
          const service = this.serviceNamed(host, ns);
          if (service && !own.has(service)) this.estate.relate(w.key, "DEPENDS_ON", service);
        }
      }
    });
    for (const volume of asArray(podSpec.volumes).filter(isRecord)) {
      const cm = isRecord(volume.configMap) ? asString(volume.configMap.name) : null;
      const secret = isRecord(volume.secret) ? asString(volume.secret.secretName) : null;
      const claim = isRecord(volume.persistentVolumeClaim)
        ? asString(volume.persistentVolumeClaim.claimName)
        : null;
      if (cm) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "ConfigMap", cm));
      if (secret) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "Secret", secret));
      if (claim) this.estate.relate(w.key, "DEPENDS_ON", this.claim(ns, claim, {}));
      const sources = isRecord(volume.projected)
        ? asArray(volume.projected.sources).filter(isRecord)
        : [];
      for (const s of sources) {
        const pcm = isRecord(s.configMap) ? asString(s.configMap.name) : null;
        const ps = isRecord(s.secret) ? asString(s.secret.name) : null;
        if (pcm) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "ConfigMap", pcm));
        if (ps) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "Secret", ps));
      }
    }
    for (const pull of asArray(podSpec.imagePullSecrets).filter(isRecord)) {
      const name = asString(pull.name);
      if (name) this.estate.relate(w.key, "DEPENDS_ON", this.reference(ns, "Secret", name));
    }
  }

  /** The Service a DNS name means: `name`, `name.ns`, `name.ns.svc[.domain]`, `pod.name.ns.svc[.domain]`. */
  private serviceNamed(host: string, namespace: string): string | null {
    const labels = host.split(".");
    let name: string | undefined;
    let ns: string | undefined;
    if (labels.length === 1) [name, ns] = [labels[0], namespace];
    else if (labels.length === 2) [name, ns] = [labels[0], labels[1]];
    else if (labels[2] === "svc") [name, ns] = [labels[0], labels[1]];
    else if (labels[3] === "svc") [name, ns] = [labels[1], labels[2]];
    if (!name || !ns) return null;
    return this.services.get(`${name}.${ns}`)?.key ?? null;
  }

  private servicesSelecting(w: Workload): string[] {
    const out: string[] = [];
    for (const { key, object } of this.services.values()) {
      const selector = isRecord(object.body.spec) ? object.body.spec.selector : undefined;
      if (
        object.namespace !== w.object.namespace ||
        !isRecord(selector) ||
        Object.keys(selector).length === 0
      )
        continue;
      if (Object.entries(selector).every(([k, v]) => w.podLabels[k] === String(v))) out.push(key);
    }
    return out;
  }

  private serviceEdges(o: K8sObject): void {
    const service = this.services.get(`${o.name}.${o.namespace}`);
    if (!service) return;
    for (const w of this.workloads)
      if (this.servicesSelecting(w).includes(service.key))
        this.estate.relate(w.key, "PROVIDES", service.key);
  }

  private ingress(o: K8sObject): void {
    const key = this.keyOf(o.namespace, "Ingress", o.name);
    const spec = isRecord(o.body.spec) ? o.body.spec : {};
    const backends: unknown[] = [spec.defaultBackend, spec.backend];
    for (const rule of asArray(spec.rules).filter(isRecord)) {
      const http = isRecord(rule.http) ? rule.http : {};
      for (const p of asArray(http.paths).filter(isRecord)) backends.push(p.backend);
    }
    for (const b of backends.filter(isRecord)) {
      // networking.k8s.io/v1 (`service.name`) and the older v1beta1 (`serviceName`)
      const name = isRecord(b.service) ? asString(b.service.name) : asString(b.serviceName);
      const service = name ? this.services.get(`${name}.${o.namespace}`) : undefined;
      if (service) this.estate.relate(key, "DEPENDS_ON", service.key);
    }
    for (const tls of asArray(spec.tls).filter(isRecord)) {
      const secret = asString(tls.secretName);
      if (secret)
        this.estate.relate(key, "DEPENDS_ON", this.reference(o.namespace, "Secret", secret));
    }
  }

  /** Each workload a policy admits traffic from CONNECTS_TO each workload it protects (and the same for egress). */
  private networkPolicy(o: K8sObject): void {
    const spec = isRecord(o.body.spec) ? o.body.spec : {};
    const protectedOnes = this.workloads.filter(
      (w) => w.object.namespace === o.namespace && matchesSelector(spec.podSelector, w.podLabels),
    );
    for (const rule of asArray(spec.ingress).filter(isRecord)) {
      const peers = this.peers(rule.from, o.namespace);
      for (const target of protectedOnes)
        for (const source of peers) this.estate.relate(source.key, "CONNECTS_TO", target.key);
    }
    for (const rule of asArray(spec.egress).filter(isRecord)) {
      const peers = this.peers(rule.to, o.namespace);
      for (const source of protectedOnes)
        for (const target of peers) this.estate.relate(source.key, "CONNECTS_TO", target.key);
    }
  }

  /**
   * The workloads a rule's peers name. A rule with no peers admits everyone, and an ipBlock
   * names no workload: neither gives edges (every pod to every pod says nothing about use).
   */
  private peers(peers: unknown, namespace: string): Workload[] {
    const out: Workload[] = [];
    for (const peer of asArray(peers).filter(isRecord)) {
      if (peer.podSelector === undefined && peer.namespaceSelector === undefined) continue;
      for (const w of this.workloads) {
        const inNamespace =
          peer.namespaceSelector === undefined
            ? w.object.namespace === namespace
            : matchesSelector(
                peer.namespaceSelector,
                this.namespaceLabels.get(w.object.namespace) ?? {
                  "kubernetes.io/metadata.name": w.object.namespace,
                },
              );
        if (inNamespace && matchesSelector(peer.podSelector, w.podLabels)) out.push(w);
      }
    }
    return out;
  }
}

function allContainers(
  podSpec: Record<string, unknown>,
): { container: Record<string, unknown>; at: string }[] {
  const out: { container: Record<string, unknown>; at: string }[] = [];
  for (const list of ["initContainers", "containers"] as const) {
    asArray(podSpec[list]).forEach((c, i) => {
      if (isRecord(c)) out.push({ container: c, at: `${list}[${String(i)}]` });
    });
  }
  return out;
}

function pick(o: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (o[f] !== undefined && o[f] !== null) out[f] = o[f];
  return out;
}
