import type { Page } from "./layout.js";
import { route } from "./layout.js";
import { rfcDetailPage } from "./rfc/detail.js";
import { rfcFormPage } from "./rfc/form.js";
import { rfcListPage } from "./rfc/list.js";

export { actionsFor } from "./rfc/permissions.js";

/** `#/rfcs?state=`: the list. */
export function rfcsPage(params: URLSearchParams): Promise<Page> {
  return rfcListPage(params);
}

/** `#/rfc/new`, `#/rfc/ID` and `#/rfc/ID/edit`. */
export function rfcPage(id: string, rerender: () => void): Promise<Page> {
  const { parts, params } = route(location.hash);
  if (id === "new") return rfcFormPage(null, params.get("ci"));
  if (parts[2] === "edit") return rfcFormPage(id);
  return rfcDetailPage(id, rerender);
}
