import { describe, expect, it } from "vitest";
import { discoverCompose } from "../../../src/domain/discovery/compose.js";
import { DiscoveryInputError } from "../../../src/domain/discovery/discovered-estate.js";
import { ci, edgesFrom, fixture } from "./fixtures.js";

const voting = () =>
  discoverCompose([fixture("compose/compose.yaml"), fixture("compose/compose.override.yaml")]);
const P = "compose:voting/";
const services = (from: string) =>
  edgesFrom(voting(), from, ["DEPENDS_ON"], P).filter(
    (e) => !/image:|volume\/|network\/|secret\//.test(e),
  );

describe("compose files", () => {
  it("makes one CI per service, named after the service, in its project", () => {
    const estate = voting();
    expect(
      estate.configurationItems
        .filter((c) => c.type === "ComposeService")
        .map((c) => [c.key, c.name]),
    ).toEqual([
      ["compose:voting/db", "db"],
      ["compose:voting/legacy-admin", "legacy-admin"],
      ["compose:voting/metrics", "metrics"], // from the override file
      ["compose:voting/redis", "redis"],
      ["compose:voting/result", "result"],
      ["compose:voting/seed", "seed"],
      ["compose:voting/vote", "vote"],
      ["compose:voting/worker", "worker"],
    ]);
    expect(ci(estate, "compose:voting")).toMatchObject({ type: "Namespace", name: "voting" });
    expect(edgesFrom(estate, "vote", ["BELONGS_TO"], P)).toEqual([
      "vote BELONGS_TO compose:voting",
    ]);
  });

  it("reads depends_on in its short and long forms, over files of one project", () => {
    expect(services("vote")).toEqual(["vote DEPENDS_ON redis"]); // short
    expect(services("result")).toEqual(["result DEPENDS_ON db"]); // long, and DATABASE_URL names db too
    expect(services("worker")).toEqual([
      "worker DEPENDS_ON db",
      "worker DEPENDS_ON redis",
      "worker DEPENDS_ON vote",
    ]); // long + override
  });

  it("reads links, volumes_from and network_mode service:", () => {
    expect(services("legacy-admin")).toEqual(["legacy-admin DEPENDS_ON db"]);
    expect(services("metrics")).toEqual(["metrics DEPENDS_ON redis"]);
    const shop = discoverCompose([fixture("compose/shop/docker-compose.yml")]);
    expect(edgesFrom(shop, "web", ["DEPENDS_ON"], "compose:shop/")).toContain("web DEPENDS_ON app");
  });

  it("finds another service's host in environment values: its name, container_name or network alias, in URLs and host:port", () => {
    const estate = discoverCompose([
      {
        name: "env.yaml",
        text: [
          "name: env",
          "services:",
          "  app:",
          "    image: app:1",
          "    environment:",
          "      - CACHE=redis-primary:6379", // a network alias, list form
          "      - DB=postgres://u:p@voting-db/app", // container_name in a URL
          "  cache:",
          "    image: redis:7",
          "    networks: { back: { aliases: [redis-primary] } }",
          "  db:",
          "    image: postgres:16",
          "    container_name: voting-db",
          "  search:",
          "    image: opensearch:2",
          "    environment: { PEERS: 'db, cache:6379' }", // mapping form, a list of hosts
        ].join("\n"),
      },
    ]);
    expect(
      edgesFrom(estate, "app", ["DEPENDS_ON"], "compose:env/").filter((e) => !e.includes("image:")),
    ).toEqual(["app DEPENDS_ON cache", "app DEPENDS_ON db"]);
    expect(
      edgesFrom(estate, "search", ["DEPENDS_ON"], "compose:env/").filter(
        (e) => !e.includes("image:"),
      ),
    ).toEqual(["search DEPENDS_ON cache", "search DEPENDS_ON db"]);
  });

  it("relates services to their images, named volumes (short and long syntax), networks and secrets; bind mounts are no CI", () => {
    const estate = voting();
    expect(edgesFrom(estate, "db", ["DEPENDS_ON"], P)).toEqual([
      "db DEPENDS_ON network/back-tier",
      "db DEPENDS_ON secret/db_password",
      "db DEPENDS_ON volume/db-backups",
      "db DEPENDS_ON volume/db-data",
      "db DEPENDS_ON image:postgres:16-alpine",
    ]);
    expect(edgesFrom(estate, "redis", ["DEPENDS_ON"], P)).toEqual([
      "redis DEPENDS_ON network/back-tier",
      "redis DEPENDS_ON image:redis:7-alpine",
    ]);
    expect(ci(estate, "compose:voting/volume/db-backups")).toMatchObject({
      type: "Volume",
      attributes: { driver: "local" },
    });
    expect(ci(estate, "compose:voting/secret/db_password")).toEqual({
      key: "compose:voting/secret/db_password",
      name: "db_password",
      type: "ConfigurationData",
      attributes: { kind: "compose secret", project: "voting" },
    });
  });

  it("records profiles, build contexts and ports as attributes (merge keys read)", () => {
    const estate = voting();
    expect(ci(estate, "compose:voting/legacy-admin").attributes.profiles).toEqual([
      "debug",
      "admin",
    ]);
    expect(ci(estate, "compose:voting/seed").attributes).toMatchObject({
      profiles: ["seed"],
      buildContext: "./seed-data",
    });
    expect(ci(estate, "compose:voting/result").attributes).toMatchObject({
      buildContext: "./result",
      ports: ["5001:80"],
    });
    expect(ci(estate, "compose:voting/vote").attributes.profiles).toBeUndefined();
  });

  it("takes the project from the folder when the file has no name", () => {
    const shop = discoverCompose([fixture("compose/shop/docker-compose.yml")]);
    expect(
      shop.configurationItems.map((c) => c.key).filter((k) => k.startsWith("compose:")),
    ).toEqual(["compose:shop", "compose:shop/app", "compose:shop/web"]);
  });

  it("refuses a dependency on a service the project does not have, naming file, document and path", () => {
    expect(() => discoverCompose([fixture("compose/unknown-dependency.yaml")])).toThrow(
      new DiscoveryInputError(
        "compose/unknown-dependency.yaml",
        0,
        "services.web.depends_on[0]",
        'the name of a service of project broken (got "api")',
      ),
    );
    expect(() => discoverCompose([{ name: "c.yaml", text: "services: [a, b]\n" }])).toThrow(
      "c.yaml document 0: services: a mapping of service names to services",
    );
    expect(() =>
      discoverCompose([{ name: "c.yaml", text: "services:\n  a:\n    depends_on: b\n  b: {}\n" }]),
    ).toThrow("c.yaml document 0: services.a.depends_on:");
  });
});
