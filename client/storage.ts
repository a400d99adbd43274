/**
 * Web Storage as the client uses it: storage may be missing or throw (privacy modes, sandboxes,
 * a full quota, even reading `window.localStorage` itself), and then reads give null and writes
 * are skipped. The page keeps working, only without what it would have kept.
 */

/** A getter, because reading `window.sessionStorage` is what throws in some sandboxes. */
export type StorageGetter = () => Partial<Storage> | undefined;

export function readItem(storage: StorageGetter, key: string): string | null {
  try {
    return storage()?.getItem?.(key) ?? null;
  } catch {
    return null;
  }
}

/** Sets `key`, or removes it when `value` is null. */
export function writeItem(
  storage: StorageGetter,
  key: string,
  value: string | null,
): void {
  try {
    if (value === null) storage()?.removeItem?.(key);
    else storage()?.setItem?.(key, value);
  } catch {
    // Not kept: the setting lasts as long as the page.
  }
}
