/**
 * Server-rendered first paint and uploads behave the same under `vite dev`, `vite preview` and
 * `liveview serve`: one suite, run against each, on the entry app (its `authenticate` reads a
 * `user` cookie; tasks/ and trouble/ have regions). `--workers 2` is in serve-entry.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyRoomToken } from "../src/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { curl } from "./helpers/http.ts";
import { appModes, type AppServer } from "./helpers/modes.ts";
import { copyFixture, ENTRY_APP } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";
import { signedRoom, TEST_SECRET } from "./helpers/rooms.ts";
import { uploadCall } from "./helpers/uploads.ts";

// The test servers' secret: liveview serve gets it through LIVEVIEW_SECRET (helpers/serve.ts).
const SECRET = TEST_SECRET;
/** Data options: the timeout and the upload folder must reach preview and serve through the build. */
const UPLOADS = mkdtempSync(join(tmpdir(), "liveview-modes-uploads-"));
const OPTIONS = {
  prerenderTimeoutMs: 250,
  roomSecret: SECRET,
  uploads: { dir: UPLOADS },
};

let app: ReturnType<typeof copyFixture>;
const modes = appModes(() => app.root, OPTIONS);

beforeAll(() => {
  app = copyFixture(ENTRY_APP);
});
afterAll(() => {
  app?.remove();
  rmSync(UPLOADS, { recursive: true, force: true });
});

for (const [mode, start] of Object.entries(modes)) {
  describe(`first paint under ${mode}`, () => {
    let server: AppServer;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    it("sends the tasks inside #tasks and the handler's title, for the user authenticate names, in the page's room", async () => {
      const page = await curl(`${server.origin}/tasks/`, "user=ana");
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toBe("private, no-store");
      expect(page.headers.etag).toBeUndefined();
      expect(page.body).toContain("<title>3 tasks for ana</title>");
      expect(page.body).toMatch(
        /<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender data-liveview-prerendered><ul><li>Write the spec<\/li><li>Ship it<\/li><li>Test &amp; measure<\/li><\/ul><p id="facts">ana true \S+ \d+<\/p><\/section>/,
      );
      // The handler's consumer has the room the page will join, signed by the server.
      const room = page.body.match(/<html[^>]* data-room="([^"]+)"/)?.[1];
      const name = room && verifyRoomToken(SECRET, room);
      expect(name).toBeTruthy();
      // content.room is the name inside the token, as on the page's socket.
      expect(page.body).toContain(`ana true ${name} `);
      // The page keeps its scripts: the client (and Vite's, in dev).
      expect(page.body).toMatch(/<script type="module"/);
    });

    it("renders the list the address asks for: /tasks/?filter=done", async () => {
      const page = await curl(`${server.origin}/tasks/?filter=done`);
      expect(page.body).toContain("<title>2 tasks for nobody</title>");
      expect(page.body).toContain(
        "<ul><li>Write the spec</li><li>Test &amp; measure</li></ul>",
      );
    });

    // The timeout comes from the build's manifest here; in dev straight from the options, and the
    // core's own suite (prerender.test.ts) covers the mechanism.
    if (mode !== "vite dev")
      it("leaves a region whose handler throws or runs past prerenderTimeoutMs as written, answers 200 at once, and logs which and why", async () => {
        const started = Date.now();
        const page = await curl(`${server.origin}/trouble/`, "user=ana");
        expect(Date.now() - started).toBeLessThan(3000);
        expect(page.status).toBe(200);
        for (const [id, fn] of [
          ["broken", "broken_tasks"],
          ["slow", "slow_tasks"],
        ])
          expect(page.body).toMatch(
            new RegExp(
              `<div id="${id}" data-liveview-init="${fn}" data-liveview-prerender>\\s*as written\\s*</div>`,
            ),
          );
        await waitFor(() =>
          /Prerender of "slow_tasks" did not finish within 250 ms/.test(
            server.logs(),
          ) &&
          /Prerender of "broken_tasks" failed \(the task store is down\)/.test(
            server.logs(),
          )
            ? true
            : undefined,
        );
      });

    it("takes a file on the page's socket into the folder the options name, and removes it once the handler settled", async () => {
      const origin = server.origin.replace("http", "ws");
      const client = await connectTestClient(
        `${origin}/ws/liveview/${signedRoom("room-1", SECRET)}/`,
      );
      const frames = await uploadCall(client, "store_file", 1, {
        file: [{ name: "notes.txt", data: Buffer.from("hello, disk") }],
      });
      await client.close();
      const [name, size, , path] = String(frames[0]?.html).split(" ");
      expect([name, size, frames[1]]).toEqual(["notes.txt", "11", { ack: 1 }]);
      expect(path!.startsWith(UPLOADS)).toBe(true);
      await waitFor(() => (existsSync(path!) ? undefined : true));
    });

    it("keeps the caching of pages without prerendered regions", async () => {
      const page = await curl(`${server.origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toMatch(/no-cache/);
      expect(page.headers["cache-control"]).not.toMatch(/no-store/);
    });
  });
}
