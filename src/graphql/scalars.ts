import { DateTimeResolver, JSONResolver } from "graphql-scalars";

export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;

export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
