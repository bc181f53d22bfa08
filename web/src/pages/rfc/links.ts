import { link } from "../../dom.js";

/**
 * The way from a CI to a new RFC on it: the form opens with the CI affected and its operation
 * builder open (`#/rfc/new?ci=KEY`), for the CI panel beside the map.
 */
export function raiseChangeLink(key: string): HTMLElement {
  return link(`#/rfc/new?ci=${encodeURIComponent(key)}`, `Raise an RFC to change ${key}`);
}
