import { discoverBackstage } from "./backstage.js";
import { discoverCompose } from "./compose.js";
import type {
  DiscoveredEstate,
  DiscoveryFormat,
  DiscoveryInput,
  DiscoveryOptions,
} from "./discovered-estate.js";
import { discoverKubernetes } from "./kubernetes.js";
import { discoverTerraform } from "./terraform.js";

/** Reads the inputs as `format` says; a file that is not of the format throws DiscoveryInputError. */
export function discover(
  format: DiscoveryFormat,
  inputs: readonly DiscoveryInput[],
  options: DiscoveryOptions,
): DiscoveredEstate {
  switch (format) {
    case "KUBERNETES":
      return discoverKubernetes(inputs, options);
    case "COMPOSE":
      return discoverCompose(inputs);
    case "BACKSTAGE":
      return discoverBackstage(inputs);
    case "TERRAFORM":
      return discoverTerraform(inputs, options);
  }
}
