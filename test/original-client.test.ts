/**
 * The original Django LiveView client against this server, under `vite dev`, `vite preview` and
 * `liveview serve`: with `client: false` the pages go out without our client (still with their
 * signed room), and the frames that client writes, recorded from its 2.2.0 bundle (no `id`,
 * `lang` null, the trigger's dataset camelCased, `room` in the message), are answered as our
 * client's would be.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { curl } from "./helpers/http.ts";
import { appModes, type AppServer } from "./helpers/modes.ts";
import { TEST_SECRET } from "./helpers/rooms.ts";
import { copyFixture } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

const OPTIONS = { client: false, roomSecret: TEST_SECRET };

const ECHO = `import { liveviewHandler, send } from "vite-plugin-liveview/server";

liveviewHandler("echo", (consumer, content) => {
  const { data, form, lang, room } = content;
  send(consumer, {
    target: "#out",
    html: JSON.stringify({ data, form, lang, same: room === consumer.room }),
  });
});
`;

let app: ReturnType<typeof copyFixture>;
const modes = appModes(() => app.root, OPTIONS);

beforeAll(() => {
  app = copyFixture();
  writeFileSync(join(app.root, "liveview_components", "echo.ts"), ECHO);
});
afterAll(() => app?.remove());

/** What the original client writes for a click, in its key order. */
function originalFrame(room: string, fields: Record<string, unknown>) {
  return JSON.stringify({
    function: "echo",
    data: {},
    form: {},
    lang: null,
    room,
    ...fields,
  });
}

for (const [mode, start] of Object.entries(modes)) {
  describe(`the original client under ${mode}`, () => {
    let server: AppServer;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    it("gets the page without our client, with a signed room in <html data-room>", async () => {
      const page = await curl(`${server.origin}/`);
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/<html[^>]* data-room="[^"]+"/);
      expect(page.body).not.toContain("liveview-client");
      // Built pages carry no script at all: the fixture page has none of its own.
      if (mode !== "vite dev") expect(page.body).not.toContain("<script");
    });

    it("has its frames answered: dataset keys as our client names them, no acks, errors it ignores", async () => {
      const page = await curl(`${server.origin}/`);
      const room = page.body.match(/<html[^>]* data-room="([^"]+)"/)![1]!;
      const host = server.origin.replace("http://", "");
      const socket = new WebSocket(`ws://${host}/ws/liveview/${room}/`);
      const frames: unknown[] = [];
      socket.on("message", (raw) => frames.push(JSON.parse(String(raw))));
      await new Promise((resolve, reject) => {
        socket.once("open", resolve);
        socket.once("error", reject);
      });
      // data-data-comment-id="7" data-user-id="3" on an element the intersection observer
      // fired for (it leaves its own markers in the dataset); a form with a checkbox.
      socket.send(
        originalFrame(room, {
          data: {
            dataCommentId: "7",
            userId: "3",
            intersectionObserved: "true",
            intersectionThresholdUsed: "100",
          },
          form: { name: "Ana", agree: true },
        }),
      );
      socket.send(originalFrame(room, { function: "missing" }));
      socket.send(originalFrame("another-room", { lang: "es" }));
      await waitFor(() => (frames.length >= 3 ? true : undefined));
      socket.close();
      expect(frames).toEqual([
        {
          target: "#out",
          html: JSON.stringify({
            data: {
              comment_id: "7",
              userId: "3",
              intersectionObserved: "true",
              intersectionThresholdUsed: "100",
            },
            form: { name: "Ana", agree: true },
            lang: "en",
            same: true,
          }),
        },
        {
          error: expect.stringContaining("missing"),
          code: "LV_ERR_UNKNOWN_HANDLER",
        },
        {
          target: "#out",
          html: JSON.stringify({ data: {}, form: {}, lang: "es", same: true }),
        },
      ]);
    });
  });
}
