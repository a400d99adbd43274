/** Where presence entries live: this process's memory, or Redis shared by every process. */
export interface PresenceEntry {
  /** One socket: unique across processes. */
  socket: string;
  /** What presence groups by: the socketId `authenticate` gave, else the consumer's id. */
  key: string;
  meta: unknown;
}

export interface PresenceStore {
  track(topic: string, entry: PresenceEntry): Promise<void>;
  /** True when the socket had an entry in topic. */
  untrack(topic: string, socket: string): Promise<boolean>;
  /** The topic's entries; `gone` lists entries of dead processes removed by this call. */
  list(
    topic: string,
  ): Promise<{ entries: PresenceEntry[]; gone: PresenceEntry[] }>;
  close(): Promise<void>;
}

export function createMemoryPresence(): PresenceStore {
  const topics = new Map<string, Map<string, PresenceEntry>>();
  return {
    async track(topic, entry) {
      let entries = topics.get(topic);
      if (!entries) topics.set(topic, (entries = new Map()));
      entries.set(entry.socket, entry);
    },
    async untrack(topic, socket) {
      const entries = topics.get(topic);
      const had = entries?.delete(socket) ?? false;
      if (entries?.size === 0) topics.delete(topic);
      return had;
    },
    async list(topic) {
      return { entries: [...(topics.get(topic)?.values() ?? [])], gone: [] };
    },
    async close() {
      topics.clear();
    },
  };
}
