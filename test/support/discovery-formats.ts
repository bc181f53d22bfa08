import type { DiscoveryFormat } from "../../src/domain/discovery/discovered-estate.js";

/**
 * One small estate per discovery format, as a source writes it twice: `before`, then `after`
 * where exactly the CIs `changed` differ in one field (`field`, from `was` to `now`), and
 * nothing else does. What the "Done means" of discovery is checked with, through GraphQL and
 * through the CLI: the same input twice changes nothing, precedence holds, and a changed input
 * on PRODUCTION CIs without an RFC gives one unauthorized change per differing CI.
 */
export interface DiscoveryFormatCase {
  readonly format: DiscoveryFormat;
  /** The file name the CLI reads it from (the format's own name for such a file). */
  readonly fileName: string;
  readonly before: string;
  readonly after: string;
  /** The CIs it describes, every one. */
  readonly keys: readonly string[];
  /** The keys of the CIs `after` changes. */
  readonly changed: readonly string[];
  /** Their CI type and the field that changes, as precedence rules and unauthorized changes name it. */
  readonly ciType: string;
  readonly field: string;
  readonly was: unknown;
  readonly now: unknown;
  /** KUBERNETES: the cluster both sources describe (keys name it). */
  readonly cluster?: string;
}

const k8sDeployment = (name: string, replicas: number): string =>
  [
    "apiVersion: apps/v1",
    "kind: Deployment",
    `metadata: {name: ${name}, namespace: shop}`,
    "spec:",
    `  replicas: ${String(replicas)}`,
    "  template:",
    `    metadata: {labels: {app: ${name}}}`,
    "    spec:",
    '      containers: [{name: main, image: "nginx:1.27"}]',
  ].join("\n");

const compose = (restart: string): string =>
  [
    "name: shop",
    "services:",
    "  web:",
    "    image: nginx:1.27",
    `    restart: ${restart}`,
    "    depends_on: [api]",
    "  api:",
    "    image: nginx:1.27",
    `    restart: ${restart}`,
  ].join("\n");

const backstage = (description: string): string =>
  [
    "apiVersion: backstage.io/v1alpha1",
    "kind: Component",
    `metadata: {name: web, description: "${description}"}`,
    "spec: {type: website, lifecycle: production, owner: team-a, dependsOn: [component:api]}",
    "---",
    "apiVersion: backstage.io/v1alpha1",
    "kind: Component",
    `metadata: {name: api, description: "${description}"}`,
    "spec: {type: service, lifecycle: production, owner: team-a}",
    "---",
    "apiVersion: backstage.io/v1alpha1",
    "kind: Group",
    "metadata: {name: team-a}",
    "spec: {type: team, children: []}",
  ].join("\n");

const terraform = (instanceType: string): string =>
  JSON.stringify({
    format_version: "1.0",
    terraform_version: "1.9.5",
    values: {
      root_module: {
        resources: ["web", "api"].map((name, i) => ({
          address: `aws_instance.${name}`,
          mode: "managed",
          type: "aws_instance",
          name,
          provider_name: "registry.terraform.io/hashicorp/aws",
          schema_version: 1,
          values: {
            id: `i-0${String(i)}`,
            instance_type: instanceType,
            tags: { Name: name },
          },
          sensitive_values: {},
        })),
      },
    },
  });

export const DISCOVERY_FORMAT_CASES: readonly DiscoveryFormatCase[] = [
  {
    format: "KUBERNETES",
    fileName: "shop.yaml",
    before: `${k8sDeployment("web", 2)}\n---\n${k8sDeployment("api", 2)}`,
    after: `${k8sDeployment("web", 3)}\n---\n${k8sDeployment("api", 3)}`,
    keys: [
      "image:nginx:1.27",
      "k8s:prod/namespace/shop",
      "k8s:prod/shop/deployment/api",
      "k8s:prod/shop/deployment/web",
    ],
    changed: ["k8s:prod/shop/deployment/api", "k8s:prod/shop/deployment/web"],
    ciType: "KubernetesWorkload",
    field: "attributes.replicas",
    was: 2,
    now: 3,
    cluster: "prod",
  },
  {
    format: "COMPOSE",
    fileName: "compose.yaml",
    before: compose("always"),
    after: compose("on-failure"),
    keys: ["compose:shop", "compose:shop/api", "compose:shop/web", "image:nginx:1.27"],
    changed: ["compose:shop/api", "compose:shop/web"],
    ciType: "ComposeService",
    field: "attributes.restart",
    was: "always",
    now: "on-failure",
  },
  {
    format: "BACKSTAGE",
    fileName: "catalog-info.yaml",
    before: backstage("the shop"),
    after: backstage("the shop, v2"),
    keys: [
      "backstage:component:default/api",
      "backstage:component:default/web",
      "backstage:group:default/team-a",
    ],
    changed: ["backstage:component:default/api", "backstage:component:default/web"],
    ciType: "SoftwareComponent",
    field: "attributes.description",
    was: "the shop",
    now: "the shop, v2",
  },
  {
    format: "TERRAFORM",
    fileName: "show.json",
    before: terraform("t3.micro"),
    after: terraform("t3.small"),
    keys: ["tf:default/aws_instance.api", "tf:default/aws_instance.web"],
    changed: ["tf:default/aws_instance.api", "tf:default/aws_instance.web"],
    ciType: "VirtualMachine",
    field: "attributes.instance_type",
    was: "t3.micro",
    now: "t3.small",
  },
];
