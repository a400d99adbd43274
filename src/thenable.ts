/** True for a promise or any object with a `then` method (a handler may return either). */
export function isThenable<T>(
  value: T | PromiseLike<T>,
): value is PromiseLike<T> {
  return (
    typeof (value as PromiseLike<T> | null | undefined)?.then === "function"
  );
}
