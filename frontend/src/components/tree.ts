/** Units in tree order (service, its teams, each team's pods), each with its depth. */
export function treeOrder<T extends { id: number; parent_id: number | null; code: string }>(
  units: T[],
): { unit: T; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<number | null, T[]>();
  for (const u of units) {
    const parent = u.parent_id != null && ids.has(u.parent_id) ? u.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { unit: T; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
