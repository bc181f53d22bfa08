import type { Actor } from "../../domain/actor.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import type { InterchangeDocument } from "../../domain/interchange/interchange-document.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import { listAllCisPage } from "../../neo4j/ci.repository.js";
import { listRelationshipsFromCis } from "../../neo4j/relationship.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import { toCiEntry } from "./interchange-entries.js";

/**
 * Receives an export section by section (in the document's order), entries a batch at a time,
 * so nothing is held whole in memory. Every section is written, possibly with no entries.
 */
export interface ExportSink {
  write(section: keyof InterchangeDocument, entries: readonly unknown[]): Promise<void>;
}

export interface ExportCounts {
  readonly ciTypes: number;
  readonly relationshipTypes: number;
  readonly configurationItems: number;
  readonly relationships: number;
}

const PAGE = 5000;

/**
 * Writes the whole CMDB as an interchange document: the catalogue, every CI (retired ones too,
 * by key) and every relationship in force. Importing it into an empty CMDB gives the same graph.
 */
export class ExportService {
  async exportAll(scope: DbScope, actor: Actor, sink: ExportSink): Promise<ExportCounts> {
    authorize(actor, "exporting configuration", "READER");
    const { ciTypes, relationshipTypes } = await scope.readTransaction((tx) => loadCatalogue(tx));
    await sink.write(
      "ciTypes",
      ciTypes.map((t) => ({
        name: t.name,
        parent: t.parent,
        description: t.description,
        attributes: t.attributes.map((a) => ({ ...a })),
      })),
    );
    await sink.write(
      "relationshipTypes",
      relationshipTypes.map((t) => ({
        name: t.name,
        inverseName: t.inverseName,
        dependent: t.dependent,
        allowedSourceTypes: t.allowedSourceTypes ? [...t.allowedSourceTypes] : null,
        allowedTargetTypes: t.allowedTargetTypes ? [...t.allowedTargetTypes] : null,
        description: t.description,
        membership: t.membership,
      })),
    );
    let cis = 0;
    let relationships = 0;
    const ids: string[] = [];
    const exported = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const page: ConfigurationItem[] = await scope.readTransaction((tx) =>
        listAllCisPage(tx, cursor, PAGE),
      );
      if (page.length === 0) break;
      await sink.write("configurationItems", page.map(toCiEntry));
      cis += page.length;
      ids.push(...page.map((c) => c.id));
      for (const c of page) exported.add(c.key);
      after = page[page.length - 1]?.key ?? null;
      if (page.length < PAGE) break;
    }
    if (cis === 0) await sink.write("configurationItems", []);
    await sink.write("relationships", []);
    for (let start = 0; start < ids.length; start += PAGE) {
      const batch = ids.slice(start, start + PAGE);
      // a CI created (or renamed) after its page was read is not in the document: neither are
      // relationships to it, so that the document always imports again
      const rows = (
        await scope.readTransaction((tx) => listRelationshipsFromCis(tx, batch))
      ).filter((r) => exported.has(r.to));
      await sink.write("relationships", rows);
      relationships += rows.length;
    }
    return {
      ciTypes: ciTypes.length,
      relationshipTypes: relationshipTypes.length,
      configurationItems: cis,
      relationships,
    };
  }
}
