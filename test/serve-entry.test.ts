/**
 * The server entry under `liveview serve` with several workers (its authenticate for sockets and
 * for first-paint pages), and one that fails to start.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import liveview from "../plugin/index.ts";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import { curl } from "./helpers/http.ts";
import {
  buildApp,
  startServe,
  startServeReady,
  type ServeProcess,
} from "./helpers/serve.ts";
import { uploadCall } from "./helpers/uploads.ts";
import { copyFixture, ENTRY_APP } from "./helpers/vite.ts";

/** The pid of the worker that serves `client`, from its `whoami` answer (the ack is read too). */
async function workerOf(client: TestClient): Promise<string> {
  client.sendJson({ function: "whoami", id: 1 });
  const { html } = await client.receiveJson<{ html: string }>();
  await client.receiveJson();
  return html.split(" ")[1]!;
}

describe("liveview serve --workers 2 with a server entry", () => {
  let app: ReturnType<typeof copyFixture>;
  let redis: TestRedis;
  let serve: ServeProcess;

  beforeAll(async () => {
    app = copyFixture(ENTRY_APP);
    // A byte budget per address small enough for a test to go over it with a few kilobytes
    // (a budget is never below the largest message allowed).
    await buildApp(app.root, {
      maxMessageBytes: 4000,
      addressLimit: { burstBytes: 4000, bytesPerSecond: 4000 },
    });
    redis = await startRedis();
    serve = await startServeReady(
      join(app.root, "dist"),
      ["--workers", "2", "--redis", redis.url],
      {},
      app.root,
    );
  }, 120_000);
  afterAll(async () => {
    serve?.child.kill("SIGKILL");
    await redis?.stop();
    app?.remove();
  });

  it("renders a page's regions for the user authenticate names, on whichever worker answers", async () => {
    const pids = new Set<string>();
    for (let i = 0; i < 20 && pids.size < 2; i++) {
      const page = await curl(
        `http://127.0.0.1:${serve.port}/tasks/?filter=done`,
        "user=dana",
      );
      expect(page.headers["cache-control"]).toBe("private, no-store");
      expect(page.body).toContain("<title>2 tasks for dana</title>");
      const facts = /<p id="facts">dana true \S* (\d+)<\/p>/.exec(page.body);
      expect(facts).not.toBeNull();
      pids.add(facts![1]!);
    }
    expect(pids.size).toBe(2);
  });

  it("takes uploads on both workers: the file and the call that uses it share the page's socket", async () => {
    const clients: TestClient[] = [];
    try {
      const pids = new Set<string>();
      for (let i = 0; i < 30 && pids.size < 2; i++) {
        const client = await connectTestClient(serve.socketUrl());
        clients.push(client);
        const worker = await workerOf(client);
        const frames = await uploadCall(client, "store_file", 2, {
          file: [{ name: `w${i}.txt`, data: Buffer.from("x".repeat(i + 1)) }],
        });
        const [name, size, pid] = String(frames[0]?.html).split(" ");
        expect([name, size, pid]).toEqual([`w${i}.txt`, String(i + 1), worker]);
        pids.add(pid!);
      }
      expect(pids.size).toBe(2);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it("applies addressLimit on each worker, to the sockets of an address that worker serves", async () => {
    const byPid = new Map<string, TestClient>();
    const clients: TestClient[] = [];
    try {
      for (let i = 0; i < 30 && byPid.size < 2; i++) {
        const client = await connectTestClient(serve.socketUrl());
        clients.push(client);
        const pid = await workerOf(client);
        if (!byPid.has(pid)) byPid.set(pid, client);
      }
      expect(byPid.size).toBe(2);
      // Each worker keeps its own budget: 3 kB fits on each, the next 3 kB does not.
      const text = "x".repeat(3000);
      for (const client of byPid.values()) {
        client.sendJson({ function: "echo", form: { text }, data: {}, id: 2 });
        expect(await client.receiveJson()).toMatchObject({ html: text });
        await client.receiveJson();
        client.sendJson({ function: "echo", form: { text }, data: {}, id: 3 });
        expect(await client.receiveJson()).toMatchObject({
          code: "LV_ERR_RATE_LIMITED",
          id: 3,
        });
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it("closes a user's sockets on every worker at logout, with 4401", async () => {
    const clients: TestClient[] = [];
    try {
      const byPid = new Map<string, TestClient>();
      for (let i = 0; i < 30 && byPid.size < 2; i++) {
        const client = await connectTestClient(serve.socketUrl(), {
          headers: { cookie: "user=dana" },
        });
        clients.push(client);
        byPid.set(await workerOf(client), client);
      }
      expect(byPid.size).toBe(2);
      const logout = await fetch(`http://127.0.0.1:${serve.port}/logout`, {
        method: "POST",
        headers: { cookie: "user=dana" },
        redirect: "manual",
      });
      expect(logout.status).toBe(303);
      for (const client of byPid.values()) {
        expect(await client.closed()).toBe(4401);
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      serve.child.kill("SIGTERM");
      expect(await serve.exited()).toBe(0);
    }
    expect(serve.output().match(/entry stopped v1/g)).toHaveLength(2);
  }, 60_000);
});

describe("liveview serve --workers 2 without LIVEVIEW_SECRET", () => {
  it("signs rooms with one random secret shared by the workers, says so, and refuses unsigned rooms", async () => {
    const app = copyFixture(ENTRY_APP);
    const redis = await startRedis();
    await buildApp(app.root);
    const serve = await startServeReady(
      join(app.root, "dist"),
      ["--workers", "2", "--redis", redis.url],
      { LIVEVIEW_SECRET: undefined },
      app.root,
    );
    const clients: TestClient[] = [];
    try {
      expect(serve.output()).toMatch(/No LIVEVIEW_SECRET/);
      const page = await (
        await fetch(`http://127.0.0.1:${serve.port}/`)
      ).text();
      const room = /data-room="([^"]+)"/.exec(page)![1]!;
      const pids = new Set<string>();
      for (let i = 0; i < 30 && pids.size < 2; i++) {
        const client = await connectTestClient(serve.socketUrl(room));
        clients.push(client);
        client.sendJson({ function: "whoami", id: 1 });
        const frame = await client.receiveJson<{ html: string }>();
        pids.add(frame.html.split(" ")[1]!);
      }
      expect(pids.size).toBe(2);
      const unsigned = await connectTestClient(serve.socketUrl("room-1"));
      expect(await unsigned.closed()).toBe(4403);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await serve.stop("SIGTERM");
      await redis.stop();
      app.remove();
    }
  }, 60_000);
});

/** Replaces `from` with `to` in the copied app's liveview.server.ts. */
function editEntry(root: string, from: string, to: string): void {
  const file = join(root, "liveview.server.ts");
  const source = readFileSync(file, "utf8");
  if (!source.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, source.replace(from, to));
}

describe("liveview serve with a server entry whose start() throws", () => {
  let app: ReturnType<typeof copyFixture>;

  beforeAll(async () => {
    app = copyFixture(ENTRY_APP);
    editEntry(
      app.root,
      "start({ logger }) {",
      'start({ logger }) {\n    throw new Error("no database at DATABASE_URL");',
    );
    await buildApp(app.root);
  }, 120_000);
  afterAll(() => app?.remove());

  for (const workers of ["1", "2"]) {
    it(`exits non-zero before taking traffic, naming the file and the error (--workers ${workers})`, async () => {
      const serve = await startServe(
        join(app.root, "dist"),
        ["--workers", workers, "--redis", "redis://127.0.0.1:1"],
        {},
        app.root,
      );
      expect(await serve.exited()).toBe(1);
      expect(serve.output()).toMatch(
        /liveview\.server\.ts: start\(\) failed: no database at DATABASE_URL/,
      );
      expect(serve.output()).not.toMatch(/Serving /);
    }, 30_000);
  }
});

describe("a server entry that throws as it loads", () => {
  it("stops liveview serve and vite preview before any traffic, naming the file's line and the error", async () => {
    const app = copyFixture(ENTRY_APP);
    try {
      editEntry(
        app.root,
        'const VERSION = "v1";',
        'const VERSION = "v1";\nif (VERSION) throw new Error("the session store is unreachable");',
      );
      // The build's name check imports the bundle and would fail first, as it should.
      await buildApp(app.root, { checkNames: false });
      const serve = await startServe(join(app.root, "dist"), [], {}, app.root);
      expect(await serve.exited()).toBe(1);
      // On the line of the project's file that threw, through the bundle's source map.
      expect(serve.output()).toMatch(
        /failed to load at \S*liveview\.server\.ts:11: the session store is unreachable/,
      );
      expect(serve.output()).not.toMatch(/Serving /);
      // vite preview loads the same bundle the same way.
      await expect(
        preview({
          root: app.root,
          configFile: false,
          logLevel: "silent",
          plugins: [liveview({ checkNames: false })],
          preview: { port: 0, host: "127.0.0.1" },
        }),
      ).rejects.toThrow(
        /failed to load at \S*liveview\.server\.ts:11: the session store is unreachable/,
      );
    } finally {
      app.remove();
    }
  }, 60_000);
});
