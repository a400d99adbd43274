/**
 * The server entry's start() opening a real PostgreSQL pool under `liveview serve --workers 2`:
 * one pool per process, used by handlers, closed by the teardown on SIGTERM before exit.
 * Needs PostgreSQL at PG_TEST_URL (default: the local server, trust auth); CI starts it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import { buildApp, startServeReady } from "./helpers/serve.ts";
import { copyFixture, ENTRY_APP } from "./helpers/vite.ts";

const DATABASE =
  process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The pool's module, shared by the server entry and the handler file. */
const DB_MODULE = `import pg from "pg";

let pool: pg.Pool | undefined;

export function openPool(): void {
  pool = new pg.Pool({
    connectionString: process.env.PG_TEST_URL,
    application_name: process.env.PG_APP_NAME,
    max: 2,
  });
}

export async function closePool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

export function db(): pg.Pool {
  if (!pool) throw new Error("start() has not opened the pool");
  return pool;
}
`;

const HANDLER = `import { liveviewHandler, send } from "vite-plugin-liveview/server";
import { db } from "../db.ts";

liveviewHandler("db_backend", async (consumer) => {
  const { rows } = await db().query("select pg_backend_pid() as pid");
  send(consumer, { target: "#db", html: \`\${process.pid} \${rows[0].pid}\` });
});
`;

function writeDatabaseApp(root: string): void {
  writeFileSync(join(root, "db.ts"), DB_MODULE);
  writeFileSync(join(root, "liveview_components", "db.ts"), HANDLER);
  const entry = join(root, "liveview.server.ts");
  writeFileSync(
    entry,
    'import { closePool, openPool } from "./db.ts";\n' +
      readFileSync(entry, "utf8")
        .replace(
          "start({ logger }) {",
          'start({ logger }) {\n    openPool();\n    logger.info("pool opened");',
        )
        .replace(
          "return () => logger.info(`entry stopped ${VERSION}`);",
          'return async () => {\n      await closePool();\n      logger.info("pool closed");\n    };',
        ),
  );
}

describe("a pg pool opened by start() under liveview serve --workers 2", () => {
  const appName = `liveview-test-${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: DATABASE });
  let app: ReturnType<typeof copyFixture>;
  let redis: TestRedis;

  /** The server's connections PostgreSQL sees right now. */
  async function serverConnections(): Promise<number> {
    const { rows } = await admin.query<{ count: string }>(
      "select count(*) from pg_stat_activity where application_name = $1",
      [appName],
    );
    return Number(rows[0]!.count);
  }

  beforeAll(async () => {
    // No PostgreSQL is a failure to see, not a test to skip.
    await admin.connect();
    app = copyFixture(ENTRY_APP, { linkNodeModules: true });
    writeDatabaseApp(app.root);
    await buildApp(app.root);
    redis = await startRedis();
  }, 120_000);
  afterAll(async () => {
    await admin.end();
    await redis?.stop();
    app?.remove();
  });

  it("opens one pool per worker, serves handlers from it, and closes it on SIGTERM before exit", async () => {
    const serve = await startServeReady(
      join(app.root, "dist"),
      ["--workers", "2", "--redis", redis.url],
      { PG_TEST_URL: DATABASE, PG_APP_NAME: appName },
      app.root,
    );
    const clients: TestClient[] = [];
    try {
      expect(serve.output().match(/pool opened/g)).toHaveLength(2);
      const backends = new Map<string, Set<string>>();
      for (let i = 0; i < 30 && backends.size < 2; i++) {
        const client = await connectTestClient(serve.socketUrl());
        clients.push(client);
        client.sendJson({ function: "db_backend", id: 1 });
        const frame = await client.receiveJson<{ html: string }>();
        const [pid, backend] = frame.html.split(" ");
        if (!backends.has(pid!)) backends.set(pid!, new Set());
        backends.get(pid!)!.add(backend!);
      }
      // Both workers answered from PostgreSQL, each through connections of its own.
      expect(backends.size).toBe(2);
      const [first, second] = [...backends.values()];
      expect([...first!].some((backend) => second!.has(backend))).toBe(false);
      expect(await serverConnections()).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      serve.child.kill("SIGTERM");
      expect(await serve.exited()).toBe(0);
    }
    expect(serve.output().match(/pool closed/g)).toHaveLength(2);
    // pool.end() closed every connection before the processes exited.
    expect(await serverConnections()).toBe(0);
  }, 60_000);
});
