/**
 * A message's position in its topic's history: `<a>-<b>`, two whole numbers, ordered by a then
 * b. Redis stream ids have this form (milliseconds-sequence); the in-memory history writes
 * `<start of the process>-<counter>`, so a position from before a restart is told apart.
 */
export function comparePositions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split("-").map(Number);
  const [b1 = 0, b2 = 0] = b.split("-").map(Number);
  return a1 - b1 || a2 - b2;
}

export function isPosition(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,20}-\d{1,20}$/.test(value);
}
