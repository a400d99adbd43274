export interface HistoryOptions {
  /** Messages kept per topic. @default 1000 */
  maxEntries?: number;
  /** How long a message is kept. @default 120000 */
  maxAgeMs?: number;
}

export const DEFAULT_HISTORY: Required<HistoryOptions> = {
  maxEntries: 1000,
  maxAgeMs: 120_000,
};

export interface HistoryEntry {
  position: string;
  payload: string;
}

/** What a page missed: `complete` is false when the history no longer reaches back. */
export interface Backlog {
  complete: boolean;
  entries: HistoryEntry[];
}

/** Topics with a history in one process; the least recently written go first. */
const MAX_TOPICS = 10_000;

interface TopicHistory {
  entries: { n: number; at: number; payload: string }[];
  next: number;
  /** The highest counter dropped from the front: positions before it cannot be replayed. */
  dropped: number;
}

export interface MemoryHistory {
  append(topic: string, payload: string): string;
  since(topic: string, position: string): Backlog;
  /** The position of the last message of topic (or of nothing yet). */
  head(topic: string): string;
  clear(): void;
}

/**
 * The last messages of each topic, in this process, bounded by count, age and number of
 * topics: a page that lost its socket for a few seconds gets what it missed, and a publish storm
 * cannot grow memory. Positions carry the process's start time, so after a restart every old
 * position reads as "history lost" instead of matching new, unrelated counters.
 */
export function createMemoryHistory(
  options: Required<HistoryOptions>,
  now: () => number = Date.now,
): MemoryHistory {
  const epoch = now();
  const topics = new Map<string, TopicHistory>();
  // The highest counter of any topic dropped to make room for others. A topic that comes back
  // counts on from there, and a page whose place is before it may have missed what was dropped,
  // so it resyncs instead of silently skipping what the topic had before.
  let evictedUpTo = 0;
  const trim = (history: TopicHistory, at: number) => {
    const { entries } = history;
    let drop = Math.max(0, entries.length - options.maxEntries);
    while (drop < entries.length && at - entries[drop]!.at > options.maxAgeMs)
      drop++;
    if (drop === 0) return;
    history.dropped = entries[drop - 1]!.n;
    entries.splice(0, drop);
  };
  return {
    append(topic, payload) {
      let history = topics.get(topic);
      if (history) topics.delete(topic);
      else
        history = {
          entries: [],
          next: evictedUpTo + 1,
          dropped: evictedUpTo,
        };
      topics.set(topic, history);
      if (topics.size > MAX_TOPICS) {
        const [oldest, evicted] = topics.entries().next().value!;
        topics.delete(oldest);
        evictedUpTo = Math.max(evictedUpTo, evicted.next - 1);
      }
      const at = now();
      const n = history.next++;
      history.entries.push({ n, at, payload });
      trim(history, at);
      return `${epoch}-${n}`;
    },
    since(topic, position) {
      const [from, after = 0] = position.split("-").map(Number);
      const history = topics.get(topic);
      if (from !== epoch) return { complete: false, entries: [] };
      if (!history) return { complete: after === evictedUpTo, entries: [] };
      trim(history, now());
      if (after < history.dropped) return { complete: false, entries: [] };
      return {
        complete: true,
        entries: history.entries
          .filter((entry) => entry.n > after)
          .map((entry) => ({
            position: `${epoch}-${entry.n}`,
            payload: entry.payload,
          })),
      };
    },
    head(topic) {
      const history = topics.get(topic);
      return `${epoch}-${history ? history.next - 1 : evictedUpTo}`;
    },
    clear() {
      topics.clear();
    },
  };
}
