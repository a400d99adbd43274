/**
 * The playground's server entry: sign-in and sign-out routes, the session on every socket, and
 * a guard on the account page. It runs the same in `vite dev`, `vite preview` and
 * `liveview serve` (also with several workers: sign-out closes the user's tabs on all of them).
 */
import { defineServer, disconnectSockets } from "vite-plugin-liveview/server";
import {
  CLEARED_COOKIE,
  createSessionCookie,
  readForm,
  readSession,
} from "./server/session.ts";

declare module "vite-plugin-liveview/server" {
  interface LiveViewUser {
    name: string;
  }
  interface LiveViewSession {
    id: string;
  }
}

const ACCOUNT = "/examples/account/";
const LOGIN = "/examples/login/";

function redirect(
  response: import("node:http").ServerResponse,
  location: string,
  cookie?: string,
): void {
  response.writeHead(303, {
    Location: location,
    ...(cookie ? { "Set-Cookie": cookie } : {}),
  });
  response.end();
}

export default defineServer({
  authenticate(request) {
    const session = readSession(request);
    if (!session) return undefined;
    return {
      user: { name: session.name },
      session: { id: session.id },
      socketId: `session:${session.id}`,
    };
  },

  async http(request, response, next) {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "POST" && pathname === "/login") {
      const name = ((await readForm(request)).get("name") ?? "").trim();
      if (!name) return redirect(response, `${LOGIN}?missing=name`);
      return redirect(
        response,
        ACCOUNT,
        createSessionCookie(name.slice(0, 40)),
      );
    }
    if (request.method === "POST" && pathname === "/logout") {
      const session = readSession(request);
      // Every tab of this session, on every worker, closes with 4401 and reloads.
      if (session) await disconnectSockets(`session:${session.id}`);
      return redirect(response, LOGIN, CLEARED_COOKIE);
    }
    if (pathname.startsWith(ACCOUNT) && !readSession(request)) {
      return redirect(response, LOGIN);
    }
    next();
  },

  start({ logger }) {
    if (!process.env.SESSION_SECRET) {
      throw new Error("SESSION_SECRET is not set: see playground/.env");
    }
    logger.info("Playground server entry started");
    return () => logger.info("Playground server entry stopped");
  },
});
