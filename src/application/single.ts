/** The one row a statement returns when it cannot return none (a broken promise is a bug, not input). */
export function only<T>(items: readonly T[], what: string): T {
  const first = items[0];
  if (first === undefined) throw new Error(`expected ${what}, got nothing`);
  return first;
}
