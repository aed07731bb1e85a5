/**
 * Bounds on the shape of an image tree, the same for every source (layouts, archives, registries), so a
 * hostile index cannot cost unbounded time, memory or requests: an 84 KB layout of one index listing the
 * same child 100 × 100 × 100 times expands to a million manifests. Each distinct manifest is read once
 * (repeats share the bytes), every index is checked for its entry count before any child is
 * read, the manifests read per load are budgeted (for `docker://` sources that is the request budget),
 * and the expanded tree, which the publisher walks, is bounded too. Real images are far inside: a Docker
 * Official Image index lists about 16 manifests (8 platforms and their attestations), one level deep.
 */
import { sourceUnsupported } from './source-errors.js';

/** Index nesting below the top manifest. */
export const MAX_INDEX_DEPTH = 8;
/** Entries one index may list. */
export const MAX_INDEX_ENTRIES = 512;
/** Manifests read (fetched) per load, distinct ones: the request budget of a remote source. */
export const MAX_MANIFEST_READS = 1024;
/** Manifests in the expanded tree (repeats counted every time they are listed). */
export const MAX_TREE_MANIFESTS = 1024;

const HINT =
  'Real images stay far inside these bounds; publish the image by its platform manifests, or rebuild the index.';

/** One budget per load(). */
export class TraversalBudget {
  private visited = 0;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(private readonly description: string) {}

  /** Each time a manifest is placed in the tree (repeats included), before it is read or expanded. */
  enter(depth: number): void {
    if (depth > MAX_INDEX_DEPTH)
      throw sourceUnsupported(
        `${this.description} nests indexes more than ${MAX_INDEX_DEPTH} deep (a cycle?)`,
        HINT,
      );
    if (++this.visited > MAX_TREE_MANIFESTS)
      throw sourceUnsupported(
        `${this.description} expands to more than ${MAX_TREE_MANIFESTS} manifests (an index listing the same children over and over?)`,
        HINT,
      );
  }

  /** `read` once per digest (and budgeted); later calls share the result. */
  once<T>(digest: string, read: () => Promise<T>): Promise<T> {
    let result = this.memo.get(digest) as Promise<T> | undefined;
    if (!result) {
      if (this.memo.size >= MAX_MANIFEST_READS)
        throw sourceUnsupported(
          `${this.description} has more than ${MAX_MANIFEST_READS} distinct manifests to read`,
          HINT,
        );
      result = read();
      this.memo.set(digest, result);
    }
    return result;
  }

  /** Before reading an index's children. */
  checkEntries(count: number, where: string): void {
    if (count > MAX_INDEX_ENTRIES)
      throw sourceUnsupported(
        `${where} lists ${count} manifests, more than the ${MAX_INDEX_ENTRIES} one index may list`,
        HINT,
      );
  }
}
