import { describe, expect, it } from "vitest";
import type { DiscoveryFormat } from "../../src/domain/discovery/discovered-estate.js";
import { EDITOR, READER } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";
import { fixture } from "../unit/discovery/fixtures.js";

/**
 * One public example application per format (docs/discovery-examples.md), discovered into a
 * fresh CMDB, with an impact analysis a reader can check by hand against the example's files.
 */
describe("discovering public example applications", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const discover = async (format: DiscoveryFormat, source: string, files: string[]) => {
    const report = await ctx().app.discovery.run(scope(), EDITOR, {
      source,
      format,
      documents: files.map((f) => fixture(`examples/${f}`)),
    });
    expect(report.errors).toEqual([]);
    expect(report.applied).toBe(true);
    return report;
  };
  /** What changing `key` impacts: `key distance` lines, nearest first. */
  const impactOf = async (key: string) => {
    const report = await ctx().app.impact.analyse(scope(), READER, { ciKeys: [key] });
    return report.impacted
      .map((i) => `${i.key} ${String(i.distance)}`)
      .sort((a, b) => Number(a.split(" ")[1]) - Number(b.split(" ")[1]) || a.localeCompare(b));
  };

  it("Kubernetes' guestbook: a new Redis image reaches the leader, its Service and the namespace, not the PHP frontend, which finds Redis by a name in its code", async () => {
    const report = await discover("KUBERNETES", "guestbook", ["guestbook/guestbook.yaml"]);
    expect(report.configurationItems.created).toBe(10);
    expect(report.relationships.created).toBe(12);
    const k = "k8s:guestbook/default";
    expect(await impactOf("image:docker.io/redis:6.0.5")).toEqual([
      `${k}/deployment/redis-leader 1`,
      `${k}/service/redis-leader 2`,
      "k8s:guestbook/namespace/default 2",
    ]);
  }, 240_000);

  it("Docker's voting app: changing redis hits vote and worker, and seed through vote; result reads Postgres only", async () => {
    const report = await discover("COMPOSE", "votes", ["example-voting-app/docker-compose.yml"]);
    expect(report.configurationItems.created).toBe(12);
    const app = "compose:example-voting-app";
    expect(await impactOf(`${app}/redis`)).toEqual([
      `${app} 1`,
      `${app}/vote 1`,
      `${app}/worker 1`,
      `${app}/seed 2`,
    ]);
    expect(await impactOf(`${app}/db`)).toEqual([`${app} 1`, `${app}/result 1`, `${app}/worker 1`]);
  }, 240_000);

  it("Backstage's demo catalog: changing artists-db hits artist-lookup, then artist-web, and the system and domain they make up", async () => {
    await discover("BACKSTAGE", "catalog", ["backstage-demo/catalog-info.yaml"]);
    expect(await impactOf("backstage:resource:default/artists-db")).toEqual([
      "backstage:component:default/artist-lookup 1",
      "backstage:system:default/artist-engagement-portal 1",
      "backstage:component:default/artist-web 2",
      "backstage:domain:default/artists 2",
    ]);
  }, 240_000);

  it("a Terraform AWS web app: changing the web security group hits both instances, the load balancer and the database's group, then what stands on them", async () => {
    const report = await discover("TERRAFORM", "aws-web-app", ["aws-web-app/show.json"]);
    expect(report.configurationItems.created).toBe(14);
    const tf = "tf:default";
    expect(await impactOf(`${tf}/aws_security_group.web`)).toEqual([
      `${tf}/aws_instance.web/0 1`,
      `${tf}/aws_instance.web/1 1`,
      `${tf}/aws_lb.web 1`,
      `${tf}/aws_security_group.db 1`,
      `${tf}/aws_db_instance.db 2`,
      `${tf}/aws_lb_listener.http 2`,
      `${tf}/aws_lb_target_group_attachment.web/0 2`,
      `${tf}/aws_lb_target_group_attachment.web/1 2`,
    ]);
    const db = await ctx().app.cis.get(scope(), READER, { key: `${tf}/aws_db_instance.db` });
    expect(db?.attributes).not.toHaveProperty("password");
  }, 240_000);
});
