import { describe, expect, it } from "vitest";
import {
  DiscoveryInputError,
  type DiscoveryInput,
} from "../../../src/domain/discovery/discovered-estate.js";
import { discoverKubernetes as discoverIn } from "../../../src/domain/discovery/kubernetes.js";
import { ci, edgesFrom, fixture } from "./fixtures.js";

/** Manifests of a cluster the run names by its source, `lab`. */
const discoverKubernetes = (inputs: DiscoveryInput[]) => discoverIn(inputs, { source: "lab" });
const shop = () =>
  discoverKubernetes([fixture("kubernetes/shop.yaml"), fixture("kubernetes/payments.yaml")]);
const P = "k8s:lab/";

describe("Kubernetes manifests", () => {
  it("makes one CI per workload, named after metadata.name, keyed by namespace, kind and name", () => {
    const estate = shop();
    const workloads = estate.configurationItems.filter((c) => c.type === "KubernetesWorkload");
    expect(workloads.map((w) => [w.key, w.name, w.attributes.kind])).toEqual([
      ["k8s:lab/payments/deployment/currency", "currency", "Deployment"],
      ["k8s:lab/shop/deployment/cart", "cart", "Deployment"],
      ["k8s:lab/shop/deployment/checkout", "checkout", "Deployment"],
      ["k8s:lab/shop/deployment/frontend", "frontend", "Deployment"],
      ["k8s:lab/shop/deployment/productcatalog", "productcatalog", "Deployment"],
      ["k8s:lab/shop/statefulset/redis-cart", "redis-cart", "StatefulSet"],
    ]);
    expect(ci(estate, "k8s:lab/shop/deployment/frontend").attributes).toMatchObject({
      namespace: "shop",
      replicas: 3,
      containers: ["wait-for-catalog", "server"],
      serviceAccountName: "frontend",
    });
  });

  it("relates each workload to the image of every container, init containers included", () => {
    const estate = shop();
    expect(
      edgesFrom(estate, "shop/deployment/frontend", ["DEPENDS_ON"], P).filter((e) =>
        e.includes("image:"),
      ),
    ).toEqual([
      "shop/deployment/frontend DEPENDS_ON image:busybox:1.36",
      "shop/deployment/frontend DEPENDS_ON image:registry.example.com/shop/frontend:v0.10.1",
    ]);
    expect(ci(estate, "image:registry.example.com/shop/frontend:v0.10.1")).toMatchObject({
      type: "ContainerImage",
      version: "v0.10.1",
      attributes: { repository: "registry.example.com/shop/frontend" },
    });
    const byDigest = estate.configurationItems.find((c) =>
      c.key.startsWith("image:registry.example.com/shop/productcatalog@"),
    );
    expect(byDigest?.attributes.digest).toMatch(/^sha256:0b5c/);
  });

  it("has a workload PROVIDE each Service whose selector matches its pod labels", () => {
    const estate = shop();
    const provides = estate.relationships
      .filter((r) => r.type === "PROVIDES")
      .map((r) => `${r.from} -> ${r.to}`);
    expect(provides).toEqual([
      "k8s:lab/payments/deployment/currency -> k8s:lab/payments/service/currency",
      "k8s:lab/shop/deployment/cart -> k8s:lab/shop/service/cart",
      "k8s:lab/shop/deployment/checkout -> k8s:lab/shop/service/checkout",
      "k8s:lab/shop/deployment/frontend -> k8s:lab/shop/service/frontend",
      "k8s:lab/shop/deployment/productcatalog -> k8s:lab/shop/service/productcatalog",
      "k8s:lab/shop/statefulset/redis-cart -> k8s:lab/shop/service/redis-cart",
    ]);
    expect(ci(estate, "k8s:lab/shop/service/redis-cart").attributes).toMatchObject({
      headless: true,
      ports: [{ port: 6379 }],
    });
  });

  it("routes an Ingress to the Service of its backend, and to its TLS secret by reference", () => {
    expect(edgesFrom(shop(), "shop/ingress/shop", ["DEPENDS_ON"], P)).toEqual([
      "shop/ingress/shop DEPENDS_ON shop/secret/shop-tls",
      "shop/ingress/shop DEPENDS_ON shop/service/frontend",
    ]);
  });

  it("finds Service DNS names in env values, args and commands, in every form, with or without a port", () => {
    const estate = shop();
    expect(
      edgesFrom(estate, "shop/deployment/frontend", ["DEPENDS_ON"], P).filter((e) =>
        e.includes("/service/"),
      ),
    ).toEqual([
      "shop/deployment/frontend DEPENDS_ON payments/service/currency", // currency.payments.svc:7000
      "shop/deployment/frontend DEPENDS_ON shop/service/cart", // cart.shop.svc.cluster.local:7070
      "shop/deployment/frontend DEPENDS_ON shop/service/checkout", // http://checkout.shop:5050/api/v1
      "shop/deployment/frontend DEPENDS_ON shop/service/productcatalog", // productcatalog:3550
      // shipping.shop.svc names no Service of the manifests: no edge, and unknown-host neither
    ]);
    // --cart=cart.shop.svc:7070 and a bare "productcatalog.shop" in args
    expect(
      edgesFrom(estate, "shop/deployment/checkout", ["DEPENDS_ON"], P).filter((e) =>
        e.includes("/service/"),
      ),
    ).toEqual([
      "shop/deployment/checkout DEPENDS_ON shop/service/cart",
      "shop/deployment/checkout DEPENDS_ON shop/service/productcatalog",
    ]);
    // a StatefulSet pod's own name (redis-cart-0.redis-cart.shop.svc…) means its Service; a workload's own Service is no dependency
    expect(
      edgesFrom(estate, "shop/deployment/cart", ["DEPENDS_ON"], P).filter((e) =>
        e.includes("/service/"),
      ),
    ).toEqual(["shop/deployment/cart DEPENDS_ON shop/service/redis-cart"]);
  });

  it("relates workloads to ConfigMaps, Secrets and claims they reference, never reading a value", () => {
    const estate = shop();
    expect(
      edgesFrom(estate, "shop/deployment/frontend", ["DEPENDS_ON"], P).filter((e) =>
        /configmap|secret/.test(e),
      ),
    ).toEqual([
      "shop/deployment/frontend DEPENDS_ON shop/configmap/frontend-config", // envFrom
      "shop/deployment/frontend DEPENDS_ON shop/configmap/frontend-templates", // volume
      "shop/deployment/frontend DEPENDS_ON shop/configmap/logging", // configMapKeyRef
      "shop/deployment/frontend DEPENDS_ON shop/secret/frontend-tls", // projected volume
      "shop/deployment/frontend DEPENDS_ON shop/secret/registry-credentials", // imagePullSecrets
      "shop/deployment/frontend DEPENDS_ON shop/secret/session-secret", // secretKeyRef
    ]);
    expect(edgesFrom(estate, "shop/deployment/checkout", ["DEPENDS_ON"], P)).toContain(
      "shop/deployment/checkout DEPENDS_ON shop/persistentvolumeclaim/receipts",
    );
    expect(edgesFrom(estate, "shop/statefulset/redis-cart", ["DEPENDS_ON"], P)).toContain(
      "shop/statefulset/redis-cart DEPENDS_ON shop/persistentvolumeclaim/data-redis-cart",
    );
    expect(ci(estate, "k8s:lab/shop/secret/session-secret")).toEqual({
      key: "k8s:lab/shop/secret/session-secret",
      name: "session-secret",
      type: "ConfigurationData",
      attributes: { kind: "Secret", namespace: "shop" },
    });
    const everything = JSON.stringify(estate);
    for (const secret of ["c3VwZXItc2VjcmV0LXNlc3Npb24ta2V5", "do-not-read-me", "Spring sale"])
      expect(everything).not.toContain(secret);
  });

  it("has a workload CONNECT_TO another where a NetworkPolicy admits it (pod and namespace selectors, egress too)", () => {
    const connects = shop()
      .relationships.filter((r) => r.type === "CONNECTS_TO")
      .map((r) => `${r.from} -> ${r.to}`);
    expect(connects).toEqual([
      "k8s:lab/shop/deployment/cart -> k8s:lab/shop/statefulset/redis-cart", // egress
      "k8s:lab/shop/deployment/checkout -> k8s:lab/shop/deployment/cart", // matchExpressions In
      "k8s:lab/shop/deployment/frontend -> k8s:lab/payments/deployment/currency", // namespaceSelector + podSelector
      "k8s:lab/shop/deployment/frontend -> k8s:lab/shop/deployment/cart",
      // deny-all admits nobody; an ipBlock names no workload
    ]);
  });

  it("puts every namespaced CI in its namespace, the ones only referred to included", () => {
    const estate = shop();
    expect(
      estate.configurationItems.filter((c) => c.type === "Namespace").map((c) => c.key),
    ).toEqual(["k8s:lab/namespace/payments", "k8s:lab/namespace/shop"]);
    const outside = estate.configurationItems.filter(
      (c) =>
        c.key.startsWith("k8s:lab/shop/") &&
        !estate.relationships.some(
          (r) => r.from === c.key && r.type === "BELONGS_TO" && r.to === "k8s:lab/namespace/shop",
        ),
    );
    expect(outside).toEqual([]);
  });

  it("reads kubectl get -o yaml output: a List, controller-made objects left to their controller", () => {
    const estate = discoverKubernetes([fixture("kubernetes/kubectl-get.yaml")]);
    expect(
      estate.configurationItems.filter((c) => c.type === "KubernetesWorkload").map((c) => c.key),
    ).toEqual([
      "k8s:lab/backend/cronjob/nightly-report",
      "k8s:lab/backend/deployment/api",
      "k8s:lab/backend/pod/debug-shell",
      "k8s:lab/backend/statefulset/postgres",
      "k8s:lab/monitoring/daemonset/node-exporter",
    ]);
    expect(edgesFrom(estate, "backend/deployment/api", ["DEPENDS_ON"], P)).toContain(
      "backend/deployment/api DEPENDS_ON backend/service/postgres",
    );
    expect(edgesFrom(estate, "backend/cronjob/nightly-report", ["DEPENDS_ON"], P)).toContain(
      "backend/cronjob/nightly-report DEPENDS_ON backend/service/api",
    );
  });

  it("reads typed lists whose items carry no kind", () => {
    const estate = discoverKubernetes([fixture("kubernetes/typed-list.yaml")]);
    expect(ci(estate, "k8s:lab/backend/service/legacy").attributes).toMatchObject({
      serviceType: "ExternalName",
      externalName: "legacy.example.com",
    });
  });

  it("names the cluster in every key: the run's, else a kubeconfig's current context, else the source", () => {
    const manifests = [fixture("kubernetes/shop.yaml")];
    const kubeconfig = {
      name: "kubeconfig.yaml",
      text: [
        "apiVersion: v1",
        "kind: Config",
        "current-context: admin@staging",
        "contexts:",
        "- name: admin@staging",
        "  context: {cluster: staging-eu, user: admin}",
        "users:",
        "- name: admin",
        "  user: {token: not-read}",
      ].join("\n"),
    };
    const clusters = (e: ReturnType<typeof discoverIn>) =>
      new Set(
        e.configurationItems
          .filter((c) => c.key.startsWith("k8s:"))
          .map((c) => c.key.split("/")[0]),
      );
    const given = discoverIn([...manifests, kubeconfig], { source: "lab", cluster: "prod" });
    expect(clusters(given)).toEqual(new Set(["k8s:prod"]));
    const fromConfig = discoverIn([...manifests, kubeconfig], { source: "lab" });
    expect(fromConfig.cluster).toBe("staging-eu");
    expect(ci(fromConfig, "k8s:staging-eu/shop/deployment/cart").name).toBe("cart");
    expect(discoverIn(manifests, { source: "lab" }).cluster).toBe("lab");
  });

  it("keeps two clusters' default/web apart, and says which key each CI had before clusters were in keys", () => {
    const web = {
      name: "web.yaml",
      text: "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n",
    };
    const a = discoverIn([web], { source: "a" });
    const b = discoverIn([web], { source: "b" });
    expect(a.configurationItems.map((c) => c.key)).toContain("k8s:a/default/pod/web");
    expect(b.configurationItems.map((c) => c.key)).toContain("k8s:b/default/pod/web");
    expect(a.legacyKeys?.get("k8s:a/default/pod/web")).toBe("k8s:default/pod/web");
    expect(a.legacyKeys?.get("k8s:a/namespace/default")).toBe("k8s:namespace/default");
    expect(a.legacyKeys?.has("image:nginx")).toBe(false);
  });

  it("refuses kubeconfigs of two clusters in one run", () => {
    const config = (cluster: string) => ({
      name: `${cluster}.yaml`,
      text: `kind: Config\ncurrent-context: ${cluster}\n`,
    });
    expect(() => discoverIn([config("one"), config("two")], { source: "lab" })).toThrow(
      "two.yaml document 0: current-context: the cluster one of one.yaml (one cluster per run), not two",
    );
  });

  it("gives the same estate for the same files (identity is stable)", () => {
    expect(shop()).toEqual(shop());
  });

  it("refuses a malformed file naming the file, the document, the path and what was expected", () => {
    expect(() => discoverKubernetes([fixture("kubernetes/missing-containers.yaml")])).toThrow(
      new DiscoveryInputError(
        "kubernetes/missing-containers.yaml",
        1,
        "spec.template.spec.containers",
        "a list of containers, at least one",
      ),
    );
    expect(() => discoverKubernetes([fixture("kubernetes/not-yaml.yaml")])).toThrow(
      /^kubernetes\/not-yaml\.yaml document 1: line \d+: valid YAML/,
    );
    expect(() =>
      discoverKubernetes([
        { name: "x.yaml", text: "kind: List\nitems:\n  - kind: Service\n    metadata: {}\n" },
      ]),
    ).toThrow("x.yaml document 0: items[0].metadata.name: the object's name (a string)");
    expect(() => discoverKubernetes([{ name: "x.yaml", text: "- just\n- a list\n" }])).toThrow(
      "x.yaml document 0: (top): a Kubernetes object",
    );
  });

  it("refuses a file that expands aliases without end (a billion laughs)", () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      laughs.push(
        `${"bcdefghi"[i] ?? "z"}: &${"bcdefghi"[i] ?? "z"} [${Array(9)
          .fill(`*${"abcdefgh"[i] ?? "a"}`)
          .join(", ")}]`,
      );
    expect(() => discoverKubernetes([{ name: "laughs.yaml", text: laughs.join("\n") }])).toThrow(
      /laughs\.yaml document 0/,
    );
  });
});
