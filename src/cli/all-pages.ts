import type { Page, PageRequest } from "../application/paging.js";

/** Every item of a paged list, read page after page (the CLI prints whole lists). */
export async function allPages<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  pageSize: number,
): Promise<T[]> {
  const items: T[] = [];
  await eachPage(read, pageSize, (page) => {
    items.push(...page);
  });
  return items;
}

/** Each page of a paged list in turn, handed to `visit` as it is read (printed as it comes). */
export async function eachPage<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  pageSize: number,
  visit: (items: readonly T[]) => void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page = await read({ first: pageSize, after });
    visit(page.items);
    if (!page.hasNextPage) return;
    after = page.cursors[page.cursors.length - 1] ?? null;
  }
}
