// In-memory pagination over an already sorted list (cosmos-sdk query.Paginate semantics): `key`
// resumes at an item's key, else `offset`; limit defaults to 100; next_key is the next item's key.
import type { PageRequest, PageResponse } from "./proto";

export const DEFAULT_PAGE_LIMIT = 100n;
export const MAX_PAGE_LIMIT = 1000n;

const te = new TextEncoder();

export function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  page: PageRequest | undefined,
): { items: T[]; pagination: PageResponse } {
  const ordered = page?.reverse ? [...items].reverse() : items;
  const limit = Number(page && page.limit > 0n ? (page.limit > MAX_PAGE_LIMIT ? MAX_PAGE_LIMIT : page.limit) : DEFAULT_PAGE_LIMIT);
  let start = 0;
  if (page && page.key.length > 0) {
    const key = new TextDecoder().decode(page.key);
    start = ordered.findIndex((it) => (page.reverse ? keyOf(it) <= key : keyOf(it) >= key));
    if (start < 0) start = ordered.length;
  } else if (page && page.offset > 0n) {
    start = Number(page.offset > BigInt(ordered.length) ? BigInt(ordered.length) : page.offset);
  }
  const slice = ordered.slice(start, start + limit);
  const next = ordered[start + limit];
  return {
    items: slice,
    pagination: {
      nextKey: next === undefined ? new Uint8Array(0) : te.encode(keyOf(next)),
      total: page?.countTotal && page.key.length === 0 ? BigInt(ordered.length) : 0n,
    },
  };
}
