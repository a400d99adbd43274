/**
 * What handler files register, with the file that owns each entry, so that a file that runs
 * again (HMR) replaces exactly its own entries. Entries registered outside a handler file (a test,
 * app code) have the file found from the stack, or no owner.
 */

interface Owned<T> {
  value: T;
  /** The file that registered it, relative to the project root when known. */
  owner: string | undefined;
}

/** Owners named by the plugin are root-relative; owners found from a stack trace are absolute. */
function isModuleFile(owner: string): boolean {
  return !owner.startsWith("/") && !owner.startsWith("file:");
}

/** Dropped by retain(): a handler file that no longer exists. */
function isGone(owner: string | undefined, keep: ReadonlySet<string>): boolean {
  return owner !== undefined && isModuleFile(owner) && !keep.has(owner);
}

/** Named entries (handlers, events): one owner per name. */
export class OwnedNames<T> {
  readonly #entries = new Map<string, Owned<T>>();
  constructor(private readonly kind: string) {}

  get(name: string): T | undefined {
    return this.#entries.get(name)?.value;
  }
  names(): string[] {
    return [...this.#entries.keys()];
  }
  /** The file that registered `name`, when known. */
  ownerOf(name: string): string | undefined {
    return this.#entries.get(name)?.owner;
  }
  entries(): [string, T][] {
    return [...this.#entries].map(([name, entry]) => [name, entry.value]);
  }
  /** Refuses a name another file registered: a mistake worth both file names. */
  assertFree(name: string, owner: string | undefined): void {
    const existing = this.#entries.get(name);
    if (!existing || existing.owner === undefined || existing.owner === owner)
      return;
    throw new Error(
      `${this.kind} "${name}" is already registered in ${existing.owner}; ` +
        `${owner ?? "another file"} registers it again. Rename one of them.`,
    );
  }
  set(name: string, value: T, owner: string | undefined): void {
    this.#entries.set(name, { value, owner });
  }
  delete(name: string): T | undefined {
    const entry = this.#entries.get(name);
    this.#entries.delete(name);
    return entry?.value;
  }
  clear(): void {
    this.#entries.clear();
  }
  /** A file finished running: its entries become exactly `values`. */
  commit(file: string, values: ReadonlyMap<string, T>): void {
    for (const [name, entry] of this.#entries) {
      if (entry.owner === file && !values.has(name)) this.#entries.delete(name);
    }
    for (const [name, value] of values) this.set(name, value, file);
  }
  retain(keep: ReadonlySet<string>): void {
    for (const [name, entry] of this.#entries) {
      if (isGone(entry.owner, keep)) this.#entries.delete(name);
    }
  }
}

/** Ordered entries (middleware, connect hooks): a file's entries keep their place on a rerun. */
export class OwnedList<T> {
  #entries: Owned<T>[] = [];
  // Read on every message: rebuilt only when the list changes.
  #values: readonly T[] = Object.freeze([]);

  values(): readonly T[] {
    return this.#values;
  }
  add(value: T, owner: string | undefined): void {
    this.#set([...this.#entries, { value, owner }]);
  }
  clear(): void {
    this.#set([]);
  }
  commit(file: string, values: readonly T[]): void {
    const firstOld = this.#entries.findIndex((entry) => entry.owner === file);
    const kept = this.#entries.filter((entry) => entry.owner !== file);
    const added = values.map((value) => ({ value, owner: file }));
    const at = firstOld === -1 ? kept.length : firstOld;
    this.#set([...kept.slice(0, at), ...added, ...kept.slice(at)]);
  }
  retain(keep: ReadonlySet<string>): void {
    this.#set(this.#entries.filter((entry) => !isGone(entry.owner, keep)));
  }
  #set(entries: Owned<T>[]): void {
    this.#entries = entries;
    this.#values = Object.freeze(entries.map((entry) => entry.value));
  }
}
