import { registerEnumType } from "type-graphql";
import type { DiscoveryFormat as DomainFormat } from "../../domain/discovery/discovered-estate.js";

export const DiscoveryFormat: { [K in DomainFormat]: K } = {
  KUBERNETES: "KUBERNETES",
  COMPOSE: "COMPOSE",
  BACKSTAGE: "BACKSTAGE",
  TERRAFORM: "TERRAFORM",
};

registerEnumType(DiscoveryFormat, {
  name: "DiscoveryFormat",
  description: "What a discovery run reads (docs/adr/011-discovery.md gives each one's key rules).",
  valuesConfig: {
    KUBERNETES: {
      description:
        "Kubernetes manifests: multi-document YAML, List kinds, `kubectl get -o yaml` output.",
    },
    COMPOSE: { description: "Compose files (the Compose specification), one project per name." },
    BACKSTAGE: { description: "Backstage catalog files (catalog-info.yaml), multi-document." },
    TERRAFORM: {
      description: "Terraform state: `terraform show -json` output or a .tfstate file (version 4).",
    },
  },
});
