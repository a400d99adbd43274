/** Reading what the browser sent: form values arrive as strings, booleans or string arrays. */
import type { Content } from "vite-plugin-liveview/server";

/** A form field as trimmed text ("" when absent or not text). */
export function formText(content: Content, name: string): string {
  const value = content.form[name];
  return typeof value === "string" ? value.trim() : "";
}

/** A `data-data-*` value as an integer, or undefined when it is missing or not a number. */
export function dataInt(content: Content, name: string): number | undefined {
  const value = Number.parseInt(content.data[name] ?? "", 10);
  return Number.isFinite(value) ? value : undefined;
}
