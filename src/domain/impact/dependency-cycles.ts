/**
 * Cycles in a directed graph: its strongly connected components of two or more nodes, each with
 * one cycle through its first node as an example (listing every elementary cycle can take
 * exponential time; the components contain them all). Iterative Tarjan, so deep graphs do not
 * overflow the stack.
 */
export function dependencyCycles(
  nodes: Iterable<string>,
  next: (id: string) => readonly string[],
): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  for (const start of nodes) {
    if (index.has(start)) continue;
    const frames: { id: string; children: readonly string[]; at: number }[] = [];
    const open = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter);
      counter += 1;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, children: next(id), at: 0 });
    };
    open(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.at < frame.children.length) {
        const child = frame.children[frame.at] as string;
        frame.at += 1;
        if (!index.has(child)) open(child);
        else if (onStack.has(child))
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(child) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent)
        low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components;
}

/** One cycle inside a component, from and back to its first node (shortest, by BFS). */
export function exampleCycle(
  component: readonly string[],
  next: (id: string) => readonly string[],
): string[] {
  const inside = new Set(component);
  const start = [...component].sort()[0] as string;
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i] as string;
    for (const v of next(u)) {
      if (!inside.has(v)) continue;
      if (v === start) {
        const path = [u];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!parent.has(v)) {
        parent.set(v, u);
        queue.push(v);
      }
    }
  }
  return [start];
}
