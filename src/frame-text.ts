import type { RawData } from "ws";

/** Refused frames up to this size are read for their id; larger ones are not parsed at all. */
const PEEK_LIMIT = 16 * 1024;

export function byteLength(data: RawData): number {
  if (Array.isArray(data))
    return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}

/** The frame as one buffer (ws hands over a Buffer unless told otherwise). */
export function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data as ArrayBuffer);
}

/**
 * Best effort: the id of a message we refuse anyway, so the client can clear its loading state.
 * Only small frames are parsed for it: refusing must cost less than accepting.
 */
export function peekId(bytes: Buffer): string | number | undefined {
  if (bytes.length > PEEK_LIMIT)
    return idAtEnd(bytes.subarray(-96).toString("utf8"));
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (typeof value !== "object" || value === null) return undefined;
    const id = (value as { id?: unknown }).id;
    return typeof id === "string" || typeof id === "number" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Browsers write the id last (`...,"id":7}`): read from the frame's last characters only. */
const TRAILING_ID = /"id"\s*:\s*(-?\d{1,16}|"[^"\\]{0,64}")\s*\}\s*$/;

function idAtEnd(text: string): string | number | undefined {
  const match = TRAILING_ID.exec(text);
  if (!match?.[1]) return undefined;
  return match[1].startsWith('"') ? match[1].slice(1, -1) : Number(match[1]);
}
