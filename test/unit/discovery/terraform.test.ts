import { describe, expect, it } from "vitest";
import {
  DiscoveryInputError,
  type DiscoveryInput,
} from "../../../src/domain/discovery/discovered-estate.js";
import { discoverTerraform as discoverIn } from "../../../src/domain/discovery/terraform.js";
import { ci, edges, fixture } from "./fixtures.js";

const discoverTerraform = (inputs: DiscoveryInput[]) => discoverIn(inputs, { source: "tf" });
const show = () => discoverTerraform([fixture("terraform/show.json")]);
const state = () => discoverTerraform([fixture("terraform/terraform.tfstate")]);
const P = "tf:default/";

describe("Terraform state", () => {
  it("makes one CI per managed resource instance of terraform show -json, child modules included, data sources left out", () => {
    expect(show().configurationItems.map((c) => `${c.key} ${c.type} ${c.name}`)).toEqual([
      "tf:default/aws_db_instance.orders Database aws_db_instance.orders",
      'tf:default/aws_instance.app/blue VirtualMachine aws_instance.app["blue"]',
      "tf:default/aws_security_group.app CloudResource aws_security_group.app",
      "tf:default/aws_subnet.private/0 CloudResource aws_subnet.private[0]",
      "tf:default/aws_subnet.private/1 CloudResource aws_subnet.private[1]",
      "tf:default/aws_vpc.main CloudResource aws_vpc.main",
      "tf:default/module.network.aws_db_subnet_group.this CloudResource module.network.aws_db_subnet_group.this",
    ]);
    expect(ci(show(), "tf:default/aws_instance.app/blue").attributes).toEqual({
      address: 'aws_instance.app["blue"]',
      resourceType: "aws_instance",
      provider: "registry.terraform.io/hashicorp/aws",
      id: "i-0abc1234def567890",
      instance_type: "t3.medium",
      ipAddress: "10.20.1.15",
    });
  });

  it("relates instances by depends_on (a module's means all inside it) and by attribute values naming another's id", () => {
    expect(edges(show(), P)).toEqual([
      "aws_db_instance.orders DEPENDS_ON aws_security_group.app", // depends_on
      "aws_db_instance.orders DEPENDS_ON module.network.aws_db_subnet_group.this", // depends_on module.network, and db_subnet_group_name
      "aws_instance.app/blue DEPENDS_ON aws_security_group.app", // vpc_security_group_ids
      "aws_instance.app/blue DEPENDS_ON aws_subnet.private/0", // subnet_id
      "aws_security_group.app DEPENDS_ON aws_vpc.main",
      "aws_subnet.private/0 DEPENDS_ON aws_vpc.main",
      "aws_subnet.private/1 DEPENDS_ON aws_vpc.main",
      "module.network.aws_db_subnet_group.this DEPENDS_ON aws_subnet.private/0", // ids inside a list
      "module.network.aws_db_subnet_group.this DEPENDS_ON aws_subnet.private/1",
    ]);
  });

  it("neither keeps nor compares values marked sensitive", () => {
    const estate = show();
    // the database's password equals the VPC's id in the fixture: no edge, and not kept
    expect(edges(estate, P)).not.toContain("aws_db_instance.orders DEPENDS_ON aws_vpc.main");
    expect(JSON.stringify(estate)).not.toContain("c2VjcmV0LXRva2VuPXN1cGVyc2VjcmV0");
    expect(edges(state(), P)).not.toContain(
      "google_sql_database_instance.main DEPENDS_ON module.buckets.google_storage_bucket.assets/images",
    );
  });

  it("reads .tfstate version 4: instance keys of count and for_each, modules, dependencies", () => {
    const estate = state();
    expect(estate.configurationItems.map((c) => `${c.key} ${c.type}`)).toEqual([
      "tf:default/google_cloud_run_v2_service.api CloudResource",
      "tf:default/google_compute_network.vpc CloudResource",
      "tf:default/google_sql_database_instance.main Database",
      "tf:default/module.buckets.google_storage_bucket.assets/images Storage",
      "tf:default/module.buckets.google_storage_bucket.assets/videos Storage",
    ]);
    expect(
      ci(estate, "tf:default/module.buckets.google_storage_bucket.assets/images").attributes,
    ).toMatchObject({
      address: 'module.buckets.google_storage_bucket.assets["images"]',
      provider: "registry.terraform.io/hashicorp/google",
      module: "module.buckets",
    });
    expect(edges(estate, P)).toEqual([
      "google_cloud_run_v2_service.api DEPENDS_ON google_sql_database_instance.main", // an env value is its id
      "google_cloud_run_v2_service.api DEPENDS_ON module.buckets.google_storage_bucket.assets/images", // every instance of a dependency
      "google_cloud_run_v2_service.api DEPENDS_ON module.buckets.google_storage_bucket.assets/videos",
      "google_sql_database_instance.main DEPENDS_ON google_compute_network.vpc",
    ]);
  });

  it("refuses what is not state, naming the file, the path and what was expected", () => {
    expect(() => discoverTerraform([fixture("terraform/old-state.tfstate")])).toThrow(
      new DiscoveryInputError(
        "terraform/old-state.tfstate",
        null,
        "version",
        "state version 4 (got 3)",
      ),
    );
    expect(() => discoverTerraform([fixture("terraform/missing-address.json")])).toThrow(
      "terraform/missing-address.json: values.root_module.resources[0].address: the resource's address and type (strings)",
    );
    expect(() => discoverTerraform([{ name: "s.json", text: "{not json" }])).toThrow(
      /^s\.json: \(top\): Terraform state as JSON/,
    );
  });

  it("names the workspace in every key: the run's, else the local backend's folder, else default", () => {
    const text = fixture("terraform/show.json").text;
    const at = (name: string, workspace?: string) =>
      discoverIn([{ name, text }], { source: "tf", ...(workspace ? { workspace } : {}) });
    expect(at("terraform.tfstate.d/staging/terraform.tfstate").workspace).toBe("staging");
    expect(ci(at("show.json", "prod"), "tf:prod/aws_vpc.main").name).toBe("aws_vpc.main");
    expect(at("show.json").legacyKeys?.get("tf:default/aws_vpc.main")).toBe("tf:aws_vpc.main");
    expect(() =>
      discoverIn(
        [
          { name: "terraform.tfstate.d/a/terraform.tfstate", text },
          { name: "terraform.tfstate.d/b/terraform.tfstate", text },
        ],
        { source: "tf" },
      ),
    ).toThrow("one workspace per run (the files are of a, b): name it");
  });
});
