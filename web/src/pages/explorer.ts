import { gql } from "../api.js";
import { h, show } from "../dom.js";
import type { Page } from "./layout.js";

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  description: string | null;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface SchemaType {
  name: string;
  kind: string;
  description: string | null;
  fields: Field[] | null;
  inputFields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
}

const REF = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`;
const INTROSPECT = `{ __schema { queryType { name } mutationType { name } types { name kind description
  fields { name description args { name type { ${REF} } } type { ${REF} } }
  inputFields { name type { ${REF} } } enumValues { name } } } }`;

function typeName(t: TypeRef): string {
  if (t.kind === "NON_NULL" && t.ofType) return `${typeName(t.ofType)}!`;
  if (t.kind === "LIST" && t.ofType) return `[${typeName(t.ofType)}]`;
  return t.name ?? "?";
}

function base(t: TypeRef): string {
  return t.ofType ? base(t.ofType) : (t.name ?? "");
}

const EXAMPLE = `query FirstCis($first: Int!) {
  configurationItems(first: $first) {
    nodes { key name type lifecycle }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A GraphQL explorer served by the product itself: run queries, browse the schema. */
export async function explorerPage(): Promise<Page> {
  const schema = await gql<{
    __schema: {
      queryType: { name: string };
      mutationType: { name: string } | null;
      types: SchemaType[];
    };
  }>(INTROSPECT);
  const types = new Map(schema.__schema.types.map((t) => [t.name, t]));
  const query = h(
    "textarea",
    { id: "query", rows: 14, spellcheck: false, "aria-label": "GraphQL query" },
    EXAMPLE,
  ) as HTMLTextAreaElement;
  const variables = h(
    "textarea",
    { id: "variables", rows: 4, spellcheck: false, "aria-label": "variables (JSON)" },
    `{ "first": 5 }`,
  ) as HTMLTextAreaElement;
  const result = h("pre", { class: "result", "aria-label": "result", "aria-live": "polite" });
  const docs = h("div", { class: "docs", "aria-label": "schema documentation" });
  const run = async (): Promise<void> => {
    let vars: Record<string, unknown>;
    try {
      vars = variables.value.trim() ? (JSON.parse(variables.value) as Record<string, unknown>) : {};
    } catch {
      result.textContent = "The variables are not JSON.";
      return;
    }
    try {
      result.textContent = JSON.stringify(await gql(query.value, vars), null, 2);
    } catch (e) {
      result.textContent = `Error: ${(e as Error).message}`;
    }
  };
  const open = (name: string): void => {
    const t = types.get(name);
    if (!t) return;
    const fieldLink = (tr: TypeRef) => {
      const b = base(tr);
      return types.get(b)?.fields || types.get(b)?.inputFields || types.get(b)?.enumValues
        ? h(
            "a",
            {
              href: "#/explorer",
              onclick: (e: Event) => {
                e.preventDefault();
                open(b);
              },
            },
            typeName(tr),
          )
        : h("span", {}, typeName(tr));
    };
    show(
      docs,
      h("h2", {}, t.name),
      t.description ? h("p", {}, t.description) : null,
      t.fields
        ? h(
            "ul",
            {},
            ...t.fields.map((f) =>
              h(
                "li",
                {},
                h("code", {}, f.name),
                f.args.length
                  ? `(${f.args.map((a) => `${a.name}: ${typeName(a.type)}`).join(", ")})`
                  : "",
                ": ",
                fieldLink(f.type),
                f.description ? h("div", { class: "desc" }, f.description) : null,
              ),
            ),
          )
        : null,
      t.inputFields
        ? h(
            "ul",
            {},
            ...t.inputFields.map((f) =>
              h("li", {}, h("code", {}, f.name), ": ", fieldLink(f.type)),
            ),
          )
        : null,
      t.enumValues ? h("p", {}, t.enumValues.map((v) => v.name).join(" · ")) : null,
    );
  };
  open(schema.__schema.queryType.name);
  const roots = [schema.__schema.queryType.name, schema.__schema.mutationType?.name].filter(
    (x): x is string => Boolean(x),
  );
  return {
    title: "GraphQL explorer",
    body: h(
      "div",
      { class: "explorer" },
      h(
        "div",
        {},
        h("label", { for: "query" }, "Query"),
        query,
        h("label", { for: "variables" }, "Variables"),
        variables,
        h("button", { type: "button", onclick: () => void run() }, "Run"),
        result,
      ),
      h(
        "div",
        {},
        h(
          "p",
          {},
          "Schema: ",
          ...roots.map((r) =>
            h("button", { type: "button", class: "link", onclick: () => open(r) }, r),
          ),
        ),
        docs,
      ),
    ),
  };
}
