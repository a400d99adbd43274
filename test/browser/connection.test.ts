import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { freePort } from "../helpers/process.ts";
import { startDevServer, type DevServer } from "../helpers/vite.ts";
import { PLAYGROUND, poll, text, texts } from "./playground.ts";

/** The dev server on a fixed port, so a restarted one is at the same address. */
function startOn(port: number): Promise<DevServer> {
  return startDevServer(
    PLAYGROUND,
    {},
    { server: { port, strictPort: true, host: "127.0.0.1" } },
  );
}

describe("the playground's connection page in Chromium", () => {
  let dev: DevServer | undefined;

  afterAll(async () => {
    await dev?.close();
  });

  it("shows the banner while the server is down, queues a click, and sends it once when the server is back", async () => {
    const port = await freePort();
    dev = await startOn(port);
    const { context, page, console } = await openPage();
    onTestFinished(() => context.close());
    // Vite's HMR client reloads the page once its server is back, which would hide what the
    // LiveView client does (a production server has no HMR socket): it talks to a stand-in here.
    await context.routeWebSocket(
      (url) => url.searchParams.has("token"),
      () => {},
    );
    await page.goto(dev.httpUrl("/examples/connection/"));
    const banner = page.locator("#no-connection");
    const draft = page.getByPlaceholder("Draft text");
    const save = page.getByRole("button", { name: "Save draft" });
    const drafts = async () =>
      (await texts(page, "#drafts li")).map((line) =>
        line.replace(/ at .*$/, ""),
      );

    await draft.fill("first");
    await save.click();
    await poll(drafts).toEqual(["Saved “first”"]);
    expect(await banner.isVisible()).toBe(false);

    await dev.close();
    dev = undefined;
    await banner.waitFor({ state: "visible" });
    expect(await text(page, "#no-connection")).toBe(
      "Connection lost. Reconnecting…",
    );

    await draft.fill("written offline");
    await save.click();
    // The click waits in the queue, and its button says so.
    expect(await save.getAttribute("aria-busy")).toBe("true");
    expect(await drafts()).toEqual(["Saved “first”"]);

    dev = await startOn(port);
    await banner.waitFor({ state: "hidden" });
    await poll(drafts).toEqual(["Saved “first”", "Saved “written offline”"]);

    // Messages are answered in order: once "third" is in, a duplicate of the queued one would be too.
    await draft.fill("third");
    await save.click();
    await poll(drafts).toEqual([
      "Saved “first”",
      "Saved “written offline”",
      "Saved “third”",
    ]);
    expect(await save.getAttribute("aria-busy")).toBeNull();
    // Chromium itself reports each refused reconnection attempt; nothing else went wrong.
    expect(
      console.filter(
        (line) =>
          !/^error: WebSocket connection to 'ws:.*\/ws\/liveview\/.*ERR_CONNECTION_REFUSED/.test(
            line,
          ),
      ),
    ).toEqual([]);
    await context.close();
  });
});
