import { ValidationError } from "../../domain/errors.js";

/** How a caller names a CI: by its id or by its key, exactly one of them. */
export interface CiReference {
  readonly id?: string | null;
  readonly key?: string | null;
}

export function checkReference(field: string, ref: CiReference): { id: string } | { key: string } {
  const id = ref.id ?? null;
  const key = ref.key ?? null;
  if ((id === null) === (key === null)) {
    throw new ValidationError(field, ref, "name the CI by exactly one of id or key");
  }
  return id !== null ? { id } : { key: key as string };
}

export function describeReference(ref: { id: string } | { key: string }): string {
  return "id" in ref ? `id ${ref.id}` : `key ${ref.key}`;
}
