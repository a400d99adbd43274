/** `liveview serve --trust-proxy` behind Debian's nginx, with the server block of the README. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestClient } from "../src/testing/index.ts";
import { freePort } from "./helpers/process.ts";
import {
  buildApp,
  startServeReady,
  type ServeProcess,
} from "./helpers/serve.ts";
import { copyFixture, ENTRY_APP } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";
import { signedRoom } from "./helpers/rooms.ts";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** The ```nginx block of the README, pointed at the test's ports. */
function readmeServerBlock(listen: number, upstream: number): string {
  const readme = readFileSync(
    join(import.meta.dirname, "..", "README.md"),
    "utf8",
  );
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("The README has no nginx server block");
  return block
    .replace("listen 80;", `listen 127.0.0.1:${listen};`)
    .replace("server 127.0.0.1:3000;", `server 127.0.0.1:${upstream};`);
}

function requireNginx(): void {
  try {
    execFileSync(NGINX, ["-v"], { stdio: "ignore" });
  } catch {
    throw new Error(
      `This test needs nginx at ${NGINX} (Debian: apt-get install nginx; .ci/run installs it)`,
    );
  }
}

describe("liveview serve --trust-proxy behind nginx", () => {
  let app: ReturnType<typeof copyFixture>;
  let serve: ServeProcess;
  let nginx: ChildProcess;
  let prefix: string;
  let origin: string;

  beforeAll(async () => {
    requireNginx();
    app = copyFixture(ENTRY_APP);
    await buildApp(app.root);
    serve = await startServeReady(
      join(app.root, "dist"),
      ["--trust-proxy"],
      {},
      app.root,
    );
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    prefix = mkdtempSync(join(tmpdir(), "liveview-nginx-"));
    mkdirSync(join(prefix, "logs"));
    const runAs = process.getuid?.() === 0 ? "user root;\n" : "";
    writeFileSync(
      join(prefix, "nginx.conf"),
      `${runAs}worker_processes 1;\ndaemon off;\npid ${prefix}/nginx.pid;\n` +
        `error_log ${prefix}/logs/error.log warn;\nevents { worker_connections 256; }\n` +
        `http {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n` +
        `  proxy_temp_path ${prefix}/proxy;\n${readmeServerBlock(port, serve.port)}\n}\n`,
    );
    nginx = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf")], {
      stdio: "ignore",
    });
    await waitFor(async () =>
      (await fetch(`${origin}/healthz`).catch(() => undefined))?.ok
        ? true
        : undefined,
    );
  }, 120_000);
  afterAll(async () => {
    nginx?.kill("SIGTERM");
    await serve?.stop("SIGTERM");
    if (prefix) rmSync(prefix, { recursive: true, force: true });
    app?.remove();
  });

  it("serves the pages and the app's routes through the proxy", async () => {
    const page = await fetch(`${origin}/`, {
      headers: { accept: "text/html" },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<p id="who">');
    const version = await fetch(`${origin}/api/version`);
    expect(await version.json()).toEqual({ version: "v1" });
  });

  it("passes sockets through, checks the Origin against the browser's host, and gives scope the client's address", async () => {
    const socketUrl = `${origin.replace("http", "ws")}/ws/liveview/${signedRoom()}/`;
    const client = await connectTestClient(socketUrl, {
      origin,
      headers: { cookie: "user=ana" },
    });
    client.sendJson({ function: "whereami", id: 1 });
    expect(await client.receiveJson()).toEqual({
      target: "#who",
      html: `127.0.0.1 127.0.0.1`,
    });
    client.sendJson({ function: "whoami", id: 2 });
    await client.receiveJson();
    expect(await client.receiveJson()).toMatchObject({
      html: expect.stringMatching(/^ana /),
    });
    await client.close();
    await expect(
      connectTestClient(socketUrl, { origin: "http://evil.example" }),
    ).rejects.toThrow(/403/);
  });
});
