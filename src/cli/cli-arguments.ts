import { InvalidArgumentError } from "commander";

/** A whole number from 1, for options such as --depth. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`must be a whole number from 1 (got ${value})`);
  return n;
}

/** An ISO date-time, for options such as --as-of. */
export function instant(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new InvalidArgumentError(`must be an ISO date-time (got ${value})`);
  return d;
}
