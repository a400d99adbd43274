// Paths only `vite dev` answers: `vite preview` and `liveview serve` say 404 there, instead of
// letting the history fallback answer with a page.
import type { IncomingMessage, ServerResponse } from "node:http";
import { INSPECTOR_PATH } from "../recorder.ts";

/** Answers 404 for the dev inspector's paths and returns true; false for any other path. */
export function refuseDevOnly(
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const pathname = (request.url ?? "/").split("?")[0] ?? "/";
  if (!`${pathname}/`.startsWith(INSPECTOR_PATH)) return false;
  response.statusCode = 404;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end("Not found (the LiveView inspector runs in vite dev only)\n");
  return true;
}
