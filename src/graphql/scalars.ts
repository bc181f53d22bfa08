import { DateTimeResolver, JSONResolver } from "graphql-scalars";

export const DateTimeScalar = DateTimeResolver;
/** Free JSON (a CI's attributes, a changed value). */
export const JSONScalar = JSONResolver;

export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
