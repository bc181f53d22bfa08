import type { Page, PageRequest } from "../application/paging.js";

/** Every item of a paged list, read page after page (the CLI prints whole lists). */
export async function allPages<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  pageSize: number,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await read({ first: pageSize, after });
    items.push(...page.items);
    if (!page.hasNextPage) return items;
    after = page.cursors[page.cursors.length - 1] ?? null;
  }
}
