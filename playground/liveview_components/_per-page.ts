/**
 * State for each open page (connection): a counter per page, the last page of a feed it received.
 * Keyed weakly by the consumer, so it goes when the page goes.
 */
export function perPage<T>(create: () => T): (consumer: object) => T {
  const states = new WeakMap<object, T>();
  return (consumer) => {
    let state = states.get(consumer);
    if (state === undefined) {
      state = create();
      states.set(consumer, state);
    }
    return state;
  };
}
