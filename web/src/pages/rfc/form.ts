import { ApiError, gql, hasRole, whoAmI, type FieldIssue } from "../../api.js";
import { h } from "../../dom.js";
import { notice, type Page } from "../layout.js";
import { ciPicker, type PickedCi } from "./ci-picker.js";
import { FieldErrors } from "./field-errors.js";
import {
  FULL_QUERY,
  PRIORITIES,
  TYPES,
  operationInput,
  operationInputText,
  words,
  type Full,
} from "./model.js";

/** An operation as the form keeps it: the RfcOperationInput, and words for a removal. */
type OperationDraft = Record<string, unknown> & { label?: string };

const UPDATABLE = [
  ["version", "version"],
  ["owner", "owner"],
  ["responsibleTeam", "responsible team"],
  ["lifecycle", "lifecycle (PLANNED, TEST, PRODUCTION, RETIRED)"],
  ["environment", "environment"],
  ["name", "name"],
  ["criticality", "criticality (1 … 4)"],
] as const;

/** "2026-12-06T10:00:00.000Z" → the `datetime-local` value of that instant here. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function instant(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

function select(
  values: readonly string[],
  chosen: string,
  label?: (v: string) => string,
): HTMLSelectElement {
  return h(
    "select",
    {},
    ...values.map((v) => h("option", { value: v, selected: v === chosen }, label ? label(v) : v)),
  ) as HTMLSelectElement;
}

interface Relationship {
  id: string;
  label: string;
  type: string;
  direction: string;
  other: { key: string };
}

/** The operation builder: pick a CI, then what to do to it. */
function operationBuilder(
  relationshipTypes: string[],
  add: (op: OperationDraft) => void,
): { element: HTMLElement; openFor: (ci: PickedCi) => Promise<void> } {
  const box = h("div", { class: "op-builder" });
  const detail = h("div", { class: "op-detail" });
  const showFor = async (ci: PickedCi): Promise<void> => {
    const kind = select(
      ["update", "retire", "addRelationship", "removeRelationship"],
      "update",
      (v) =>
        ({
          update: "change a field",
          retire: "retire it",
          addRelationship: "add a relationship",
          removeRelationship: "remove a relationship",
        })[v] ?? v,
    );
    kind.id = "op-kind";
    const rels = await gql<{
      configurationItem: { revision: number; relationships: { nodes: Relationship[] } } | null;
    }>(
      `query CiRelationships($key: String!) { configurationItem(ref: { key: $key }) { revision relationships(first: 200) { nodes { id label type direction other { key } } } } }`,
      { key: ci.key },
    );
    const revision = rels.configurationItem?.revision ?? null;
    const parts = h("div", { class: "op-parts" });
    const message = h("p", { class: "field-error", role: "alert", hidden: true });
    let collect: () => OperationDraft | string = () => "choose what to do";
    const draw = (): void => {
      message.hidden = true;
      if (kind.value === "update") {
        const field = select(
          UPDATABLE.map(([f]) => f),
          "version",
          (f) => UPDATABLE.find(([x]) => x === f)?.[1] ?? f,
        );
        field.id = "op-field";
        const value = h("input", { id: "op-value", type: "text" }) as HTMLInputElement;
        parts.replaceChildren(
          h("label", { for: "op-field" }, "Field "),
          field,
          h("label", { for: "op-value" }, "New value (empty: clear it) "),
          value,
        );
        collect = () => {
          const raw = value.value.trim();
          const v: unknown =
            raw === ""
              ? null
              : field.value === "criticality"
                ? Number(raw)
                : field.value === "lifecycle"
                  ? raw.toUpperCase()
                  : raw;
          return { updateCi: { ci: ci.key, revision, changes: { [field.value]: v } } };
        };
      } else if (kind.value === "retire") {
        parts.replaceChildren(h("p", {}, `${ci.key} will be RETIRED when the RFC is implemented.`));
        collect = () => ({ retireCi: { ci: ci.key, revision } });
      } else if (kind.value === "addRelationship") {
        const type = select(relationshipTypes, relationshipTypes[0] ?? "");
        type.id = "op-rel-type";
        const way = select(["from", "to"], "from", (v) =>
          v === "from" ? `${ci.key} → the other CI` : `the other CI → ${ci.key}`,
        );
        way.id = "op-rel-way";
        let other: PickedCi | null = null;
        const chosen = h("span", { class: "chosen", "aria-live": "polite" }, "no CI chosen yet");
        const picker = ciPicker({
          label: "CIs for the other end",
          id: "op-other",
          onPick: (c) => {
            other = c;
            chosen.textContent = `other end: ${c.key}`;
          },
        });
        parts.replaceChildren(
          h("label", { for: "op-rel-type" }, "Type "),
          type,
          h("label", { for: "op-rel-way" }, "Direction "),
          way,
          h("label", { for: "op-other" }, "Other CI "),
          picker.element,
          chosen,
        );
        collect = () => {
          if (!other) return "choose the CI at the other end first";
          const [from, to] = way.value === "from" ? [ci.key, other.key] : [other.key, ci.key];
          return { addRelationship: { from, to, type: type.value } };
        };
      } else {
        const list = rels.configurationItem?.relationships.nodes ?? [];
        const which = h(
          "select",
          { id: "op-rel" },
          ...list.map((r) => h("option", { value: r.id }, r.label)),
        ) as HTMLSelectElement;
        parts.replaceChildren(
          list.length
            ? h("span", {}, h("label", { for: "op-rel" }, "Relationship "), which)
            : h("p", {}, `${ci.key} has no relationship in force.`),
        );
        collect = () => {
          const r = list.find((x) => x.id === which.value);
          if (!r) return "choose a relationship";
          return { removeRelationship: { relationshipId: r.id }, label: r.label };
        };
      }
    };
    kind.addEventListener("change", draw);
    draw();
    detail.replaceChildren(
      h(
        "fieldset",
        { class: "op-for" },
        h("legend", {}, `An operation on ${ci.key} (${ci.type})`),
        h("label", { for: "op-kind" }, "What to do "),
        kind,
        parts,
        message,
        h(
          "button",
          {
            type: "button",
            onclick: () => {
              const op = collect();
              if (typeof op === "string") {
                message.textContent = op;
                message.hidden = false;
                return;
              }
              add(op);
              detail.replaceChildren();
            },
          },
          "Add operation",
        ),
      ),
    );
  };
  const picker = ciPicker({
    label: "CIs to change",
    id: "op-ci",
    onPick: (ci) => void showFor(ci),
  });
  box.append(
    h("label", { for: "op-ci" }, "Add an operation on a CI: find it "),
    picker.element,
    detail,
  );
  return { element: box, openFor: showFor };
}

interface CatalogueType {
  name: string;
  parent: string | null;
  attributes: { name: string; type: string; required: boolean }[];
}

/** A type's attributes with its ancestors', as the server checks a new CI against them. */
function effectiveAttributes(
  types: readonly CatalogueType[],
  name: string,
): CatalogueType["attributes"] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const out: CatalogueType["attributes"] = [];
  const seen = new Set<string>();
  for (let t = byName.get(name); t && !seen.has(t.name); t = byName.get(t.parent ?? "")) {
    seen.add(t.name);
    out.push(...t.attributes.filter((a) => !out.some((o) => o.name === a.name)));
  }
  return out;
}

function attributesHint(types: readonly CatalogueType[], type: string): string {
  const defs = effectiveAttributes(types, type);
  if (defs.length === 0) return `A JSON object; ${type} defines no attribute.`;
  return `A JSON object; ${type} defines ${defs
    .map((d) => `${d.name} (${d.type.toLowerCase()}${d.required ? ", required" : ""})`)
    .join(", ")}.`;
}

/**
 * CREATE_CI operations, edited in the list itself: type, key, name and attributes are fields of
 * their own, so the server's message about any of them stands next to it.
 */
function newCiEditor(
  types: readonly CatalogueType[],
  errors: FieldErrors,
): {
  blank: () => Record<string, unknown>;
  row: (ci: Record<string, unknown>, index: number, remove: () => void) => HTMLElement;
  unreadable: (ops: readonly OperationDraft[]) => ApiError | null;
} {
  const names = types.map((t) => t.name).sort();
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  /** Attributes text that is not (yet) a JSON object, by operation. */
  const broken = new WeakMap<Record<string, unknown>, string>();
  return {
    blank: () => ({
      type: names.includes("Application") ? "Application" : (names[0] ?? ""),
      key: "",
      name: "",
      attributes: {},
    }),
    row: (ci, index, remove) => {
      const at = `operations[${String(index)}].createCi`;
      const type = select(names, text(ci.type));
      const key = h("input", { type: "text", value: text(ci.key) }) as HTMLInputElement;
      const name = h("input", { type: "text", value: text(ci.name) }) as HTMLInputElement;
      const attributes = h(
        "textarea",
        { rows: 3, spellcheck: "false", class: "json" },
        broken.get(ci) ?? JSON.stringify(ci.attributes ?? {}),
      ) as HTMLTextAreaElement;
      const typeField = errors.field(`${at}.type`, "New CI's type", type);
      const attrField = errors.field(`${at}.attributes`, "New CI's attributes", attributes, {
        hint: attributesHint(types, type.value),
      });
      type.addEventListener("change", () => {
        ci.type = type.value;
        const hint = attrField.querySelector(".field-hint");
        if (hint) hint.textContent = attributesHint(types, type.value);
      });
      key.addEventListener("input", () => (ci.key = key.value.trim()));
      name.addEventListener("input", () => (ci.name = name.value));
      attributes.addEventListener("input", () => {
        const text = attributes.value.trim() || "{}";
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            broken.set(ci, attributes.value);
            return;
          }
          ci.attributes = parsed;
          broken.delete(ci);
        } catch {
          broken.set(ci, attributes.value);
        }
      });
      const row = h(
        "li",
        { tabindex: "-1", class: "create-ci" },
        h(
          "fieldset",
          {},
          h("legend", {}, `CREATE_CI: a new CI (operation ${String(index + 1)})`),
          h(
            "div",
            { class: "row" },
            typeField,
            errors.field(`${at}.key`, "New CI's key", key, {
              required: true,
              hint: "Unique: a letter or digit, then letters, digits or . _ : / @ + -",
            }),
            errors.field(`${at}.name`, "New CI's name", name, { required: true }),
          ),
          attrField,
          h(
            "button",
            {
              type: "button",
              class: "link",
              "aria-label": `Remove operation ${String(index + 1)}`,
              onclick: remove,
            },
            "remove",
          ),
        ),
      );
      row.append(errors.group(`operations[${String(index)}]`, row));
      return row;
    },
    unreadable: (ops) => {
      for (const [i, op] of ops.entries()) {
        const ci = op.createCi as Record<string, unknown> | undefined;
        if (ci && broken.has(ci)) {
          const field = `operations[${String(i)}].createCi.attributes`;
          const message = `${field}: must be a JSON object, such as {"port": 6379}`;
          return new ApiError(message, "VALIDATION", [{ field, message }]);
        }
      }
      return null;
    },
  };
}

/**
 * Where the form shows an issue the server raised about an operation: a CI's fields checked on
 * their own come with the operation as their subject (`operations[1]: CI cache-9`, field `key`),
 * a new CI's fields checked against the catalogue as `operations[1].attributes.port`.
 */
export function formField(issue: FieldIssue, operations: readonly OperationDraft[]): string {
  let field = issue.field;
  const subject = /^(operations\[(\d+)\])(?::|$)/.exec(issue.subject ?? "");
  const index = subject ? Number(subject[2]) : Number(/^operations\[(\d+)\]/.exec(field)?.[1]);
  const op = Number.isInteger(index) ? operations[index] : undefined;
  const inner = op?.createCi ? "createCi" : op?.updateCi ? "updateCi.changes" : null;
  if (subject && !field.startsWith("operations[")) {
    field = inner ? `${subject[1] ?? ""}.${inner}.${field}` : `${subject[1] ?? ""}.${field}`;
  } else if (op?.createCi) {
    field = field.replace(/^(operations\[\d+\])\.(?!createCi\b)/, "$1.createCi.");
  }
  return field;
}

/**
 * The create and edit form of a DRAFT RFC (createRfc, updateRfc). `#/rfc/new?ci=KEY` (a link a
 * CI's panel can give) starts a new one with that CI affected and its operation builder open.
 */
export async function rfcFormPage(id: string | null, fromCi: string | null = null): Promise<Page> {
  const [me, meta, loaded, startCi] = await Promise.all([
    whoAmI(),
    gql<{
      relationshipTypes: { name: string }[];
      standardChanges: { nodes: { id: string; name: string }[] };
      ciTypes: CatalogueType[];
    }>(
      `{ relationshipTypes { name } standardChanges(first: 200) { nodes { id name } } ciTypes { name parent attributes { name type required } } }`,
    ),
    id ? gql<{ rfc: Full | null }>(FULL_QUERY, { id }) : Promise.resolve({ rfc: null }),
    !id && fromCi
      ? gql<{ configurationItem: PickedCi | null }>(
          `query StartFrom($k: String!) { configurationItem(ref: { key: $k }) { key name type } }`,
          { k: fromCi },
        ).then((r) => r.configurationItem)
      : Promise.resolve(null),
  ]);
  const rfc = loaded.rfc;
  if (id && !rfc)
    return { title: "No such RFC", body: notice(`No RFC has the id ${id}.`, "error") };
  if (rfc && rfc.state !== "DRAFT") {
    return {
      title: `${rfc.name} can no longer be edited`,
      body: notice(`${rfc.name} is ${words(rfc.state)}: only a draft is edited.`, "error"),
    };
  }
  if (!rfc && !hasRole(me, "REQUESTER")) {
    return { title: "New RFC", body: notice("Raising an RFC needs the REQUESTER role.", "error") };
  }
  const errors = new FieldErrors();
  const title = h("input", {
    type: "text",
    value: rfc?.title ?? "",
    maxlength: 200,
  }) as HTMLInputElement;
  const type = select(TYPES, rfc?.type ?? "NORMAL", (v) => v.toLowerCase());
  const standard = h(
    "select",
    {},
    h("option", { value: "" }, "— none —"),
    ...meta.standardChanges.nodes.map((s) =>
      h("option", { value: s.id, selected: s.id === rfc?.standardChangeId }, s.name),
    ),
  ) as HTMLSelectElement;
  const priority = select(PRIORITIES, rfc?.priority ?? "MEDIUM", (v) => v.toLowerCase());
  const start = h("input", {
    type: "datetime-local",
    value: localInput(rfc?.plannedStart ?? null),
  }) as HTMLInputElement;
  const end = h("input", {
    type: "datetime-local",
    value: localInput(rfc?.plannedEnd ?? null),
  }) as HTMLInputElement;
  const area = (value: string | null | undefined, rows = 3) =>
    h("textarea", { rows }, value ?? "") as HTMLTextAreaElement;
  const description = area(rfc?.description, 4);
  const benefit = area(rfc?.benefit);
  const impact = area(rfc?.impact);
  const risk = area(rfc?.risk);
  const backOut = area(rfc?.backOutPlan);

  // affected CIs: picked by search, listed with a remove button each
  const affected: PickedCi[] = rfc
    ? rfc.affectedConfigurationItems.map((c) => ({ ...c }))
    : startCi
      ? [startCi]
      : [];
  const affectedList = h("ul", { class: "chips", "aria-label": "affected CIs chosen" });
  const drawAffected = (): void => {
    affectedList.replaceChildren(
      ...affected.map((c, i) =>
        h(
          "li",
          {},
          h("span", {}, `${c.key} · ${c.type}`),
          h(
            "button",
            {
              type: "button",
              class: "link",
              "aria-label": `Remove ${c.key}`,
              onclick: () => {
                affected.splice(i, 1);
                drawAffected();
              },
            },
            "remove",
          ),
        ),
      ),
    );
    if (affected.length === 0) affectedList.append(h("li", { class: "muted" }, "none yet"));
  };
  drawAffected();
  const affectedPicker = ciPicker({
    label: "matching CIs",
    id: "affected-ci",
    onPick: (ci) => {
      if (!affected.some((c) => c.key === ci.key)) affected.push(ci);
      drawAffected();
    },
  });

  // operations
  const operations: OperationDraft[] = rfc ? rfc.operations.map(operationInput) : [];
  const opList = h("ol", { class: "op-list", "aria-label": "operations to make" });
  const opsBox = h("div", { class: "ops" });
  const newCi = newCiEditor(meta.ciTypes, errors);
  const drawOps = (): void => {
    opList.replaceChildren(
      ...operations.map((op, i) => {
        if (op.createCi) {
          return newCi.row(op.createCi as Record<string, unknown>, i, () => {
            operations.splice(i, 1);
            drawOps();
          });
        }
        const row = h(
          "li",
          { tabindex: "-1" },
          h("span", { class: "path" }, operationInputText(op)),
          h(
            "button",
            {
              type: "button",
              class: "link",
              "aria-label": `Remove operation ${String(i + 1)}`,
              onclick: () => {
                operations.splice(i, 1);
                drawOps();
              },
            },
            "remove",
          ),
        );
        row.append(errors.group(`operations[${String(i)}]`, row));
        return row;
      }),
    );
    if (operations.length === 0) opList.append(h("li", { class: "muted" }, "none yet"));
  };
  drawOps();
  const opsError = errors.group("operations", opsBox);
  const builder = operationBuilder(
    meta.relationshipTypes.map((t) => t.name),
    (op) => {
      operations.push(op);
      drawOps();
    },
  );
  const addNewCi = h(
    "button",
    {
      type: "button",
      onclick: () => {
        operations.push({ createCi: newCi.blank() });
        drawOps();
        opList.querySelector<HTMLElement>("li:last-child select")?.focus();
      },
    },
    "Add a new CI (CREATE_CI)",
  );
  opsBox.append(
    opList,
    opsError,
    h("p", {}, addNewCi, " a CI the RFC creates when implemented; or:"),
    builder.element,
  );
  if (startCi) void builder.openFor(startCi);

  const affectedBox = h("div", { class: "affected" });
  affectedBox.append(
    h("label", { for: "affected-ci" }, "Find a CI by key or name to add it "),
    affectedPicker.element,
    affectedList,
    errors.group("affectedCiKeys", affectedBox),
  );

  const save = h("button", { type: "submit" }, rfc ? "Save the draft" : "Create the draft");
  const form = h(
    "form",
    {
      class: "rfc-form",
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const unreadable = newCi.unreadable(operations);
        if (unreadable) {
          errors.show(unreadable);
          return;
        }
        const content: Record<string, unknown> = {
          title: title.value,
          type: type.value,
          priority: priority.value,
          standardChangeId: standard.value || null,
          description: description.value.trim() || null,
          benefit: benefit.value.trim() || null,
          impact: impact.value.trim() || null,
          risk: risk.value.trim() || null,
          backOutPlan: backOut.value.trim() || null,
          plannedStart: instant(start.value),
          plannedEnd: instant(end.value),
          affectedCiKeys: affected.map((c) => c.key),
          operations: operations.map(({ label: _label, ...op }) => op),
        };
        save.setAttribute("aria-busy", "true");
        const write = rfc
          ? gql<{ updateRfc: { rfc: { id: string } } }>(
              `mutation EditRfc($i: UpdateRfcInput!) { updateRfc(input: $i) { rfc { id } } }`,
              { i: { id: rfc.id, revision: rfc.revision, ...content } },
            ).then((d) => d.updateRfc.rfc.id)
          : gql<{ createRfc: { rfc: { id: string } } }>(
              `mutation NewRfc($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
              { i: content },
            ).then((d) => d.createRfc.rfc.id);
        write.then(
          (newId) => {
            location.hash = `#/rfc/${newId}`;
          },
          (err: unknown) => {
            save.removeAttribute("aria-busy");
            errors.show(err, (issue) => formField(issue, operations));
          },
        );
      },
    },
    errors.general,
    h(
      "fieldset",
      {},
      h("legend", {}, "What and when"),
      errors.field("title", "Title", title, {
        required: true,
        hint: "What the change is, in a line.",
      }),
      h(
        "div",
        { class: "row" },
        errors.field("type", "Type", type),
        errors.field("standardChangeId", "Standard change template (STANDARD only)", standard),
        errors.field("priority", "Priority (how urgent; not the risk)", priority),
      ),
      h(
        "div",
        { class: "row" },
        errors.field("plannedStart", "Planned start", start),
        errors.field("plannedEnd", "Planned end", end),
      ),
      errors.field("description", "Description", description),
    ),
    h("fieldset", {}, h("legend", {}, "Affected CIs"), affectedBox),
    h(
      "fieldset",
      {},
      h("legend", {}, "Operations (what implementing it writes to the CMDB)"),
      opsBox,
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "In the requester's words"),
      errors.field("benefit", "Benefit", benefit),
      errors.field("impact", "Impact as you see it", impact),
      errors.field("risk", "Risk as you see it", risk),
      errors.field("backOutPlan", "Back-out plan", backOut, {
        hint: "Needed to submit a normal or emergency change that writes the CMDB.",
      }),
    ),
    h(
      "div",
      { class: "form-buttons" },
      save,
      rfc
        ? h("a", { href: `#/rfc/${rfc.id}` }, "Back to the RFC")
        : h("a", { href: "#/rfcs" }, "Back to the list"),
    ),
  );
  return { title: rfc ? `Edit ${rfc.name}` : "New RFC", body: form };
}
