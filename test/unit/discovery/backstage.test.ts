import { describe, expect, it } from "vitest";
import {
  discoverBackstage,
  locationTargets,
  parseEntityRef,
} from "../../../src/domain/discovery/backstage.js";
import { DiscoveryInputError } from "../../../src/domain/discovery/discovered-estate.js";
import { ci, edges, fixture } from "./fixtures.js";

const catalog = () =>
  discoverBackstage([
    fixture("backstage/catalog-info.yaml"),
    fixture("backstage/systems.yaml"),
    fixture("backstage/org.yaml"),
  ]);
const P = "backstage:";

describe("Backstage catalogs", () => {
  it("reads entity refs in their full and short forms", () => {
    const d = { kind: "group", namespace: "default" };
    expect(parseEntityRef("team-a", d)).toEqual({
      kind: "group",
      namespace: "default",
      name: "team-a",
    });
    expect(parseEntityRef("user:guest", d)).toEqual({
      kind: "user",
      namespace: "default",
      name: "guest",
    });
    expect(parseEntityRef("media/artist-images", d)).toEqual({
      kind: "group",
      namespace: "media",
      name: "artist-images",
    });
    expect(parseEntityRef("Component:Default/Artist-Web", d)).toEqual({
      kind: "component",
      namespace: "default",
      name: "artist-web",
    });
  });

  it("makes a CI of every kind but Location and Template, typed by kind", () => {
    expect(catalog().configurationItems.map((c) => `${c.key.slice(P.length)} ${c.type}`)).toEqual([
      "api:default/artist-api Api",
      "api:default/spotify-api Api",
      "component:default/artist-lookup SoftwareComponent",
      "component:default/artist-web SoftwareComponent",
      "component:default/image-resizer SoftwareComponent",
      "component:default/playback-order SoftwareComponent",
      "domain:default/artist-relations Domain",
      "domain:default/artists Domain",
      "group:default/engineering Team",
      "group:default/team-a Team",
      "group:default/team-b Team",
      "resource:default/artists-db Database",
      "resource:media/artist-images CloudResource",
      "system:default/artist-engagement-portal System",
      "user:default/breanna.davison Person",
      "user:default/janelle.dawe Person",
    ]);
  });

  it("keeps Backstage's own lifecycle apart from the CMDB's, and the owner as a full ref", () => {
    const web = ci(catalog(), "backstage:component:default/artist-web");
    expect(web).toMatchObject({ name: "artist-web", owner: "group:default/team-a" });
    expect(web.lifecycle).toBeUndefined();
    expect(web.attributes).toMatchObject({
      backstageLifecycle: "production",
      specType: "website",
      title: "Artist web",
      tags: ["java", "web"],
    });
  });

  it("turns every relation field into an edge", () => {
    const all = edges(catalog(), P);
    const of = (from: string) => all.filter((e) => e.startsWith(`${from} `));
    expect(of("component:default/artist-web")).toEqual([
      "component:default/artist-web BELONGS_TO system:default/artist-engagement-portal", // spec.system, short
      "component:default/artist-web CONSUMES api:default/spotify-api", // consumesApis, full
      "component:default/artist-web DEPENDS_ON component:default/image-resizer", // dependsOn, full
      "component:default/artist-web DEPENDS_ON resource:default/artists-db", // dependsOn, kind:name
      "component:default/artist-web OWNED_BY group:default/team-a", // owner, short
      "component:default/artist-web PROVIDES api:default/artist-api", // providesApis, short
    ]);
    expect(of("component:default/image-resizer")).toEqual([
      "component:default/image-resizer BELONGS_TO component:default/artist-web", // subcomponentOf
      "component:default/image-resizer OWNED_BY group:default/team-b",
    ]);
    // dependencyOf is the other way round
    expect(all).toContain(
      "component:default/playback-order DEPENDS_ON component:default/image-resizer",
    );
    expect(all).toContain("component:default/artist-lookup DEPENDS_ON resource:default/artists-db");
    expect(of("system:default/artist-engagement-portal")).toEqual([
      "system:default/artist-engagement-portal BELONGS_TO domain:default/artists",
      "system:default/artist-engagement-portal OWNED_BY group:default/team-a",
    ]);
    expect(of("domain:default/artist-relations")).toContain(
      "domain:default/artist-relations BELONGS_TO domain:default/artists",
    );
    expect(of("resource:media/artist-images")).toContain(
      "resource:media/artist-images DEPENDS_ON resource:default/artists-db",
    );
  });

  it("relates people and teams: memberOf, members, parent and children", () => {
    expect(edges(catalog(), P).filter((e) => e.includes("MEMBER_OF_GROUP"))).toEqual([
      "group:default/team-a MEMBER_OF_GROUP group:default/engineering",
      "group:default/team-b MEMBER_OF_GROUP group:default/engineering",
      "user:default/breanna.davison MEMBER_OF_GROUP group:default/team-a",
      "user:default/janelle.dawe MEMBER_OF_GROUP group:default/team-b",
    ]);
  });

  it("sets a relation to an entity the files do not describe apart, as a reference", () => {
    expect(catalog().references).toEqual([
      {
        from: "backstage:api:default/spotify-api",
        type: "OWNED_BY",
        to: "backstage:user:default/guest",
      },
    ]);
  });

  it("lists the targets of Location entities", () => {
    expect(locationTargets(fixture("backstage/catalog-info.yaml"))).toEqual([
      "./systems.yaml",
      "./org.yaml",
    ]);
  });

  it("refuses a malformed entity naming file, document, path and what was expected", () => {
    expect(() => discoverBackstage([fixture("backstage/bad-ref.yaml")])).toThrow(
      new DiscoveryInputError(
        "backstage/bad-ref.yaml",
        1,
        "spec.dependsOn[0]",
        "an entity ref (a string such as component:default/name)",
      ),
    );
    expect(() =>
      discoverBackstage([
        { name: "c.yaml", text: "apiVersion: v1\nkind: Component\nmetadata: {name: x}\n" },
      ]),
    ).toThrow("c.yaml document 0: apiVersion:");
    expect(() =>
      discoverBackstage([
        {
          name: "c.yaml",
          text: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {}\n",
        },
      ]),
    ).toThrow("c.yaml document 0: metadata.name: the entity's name (a string)");
  });
});
