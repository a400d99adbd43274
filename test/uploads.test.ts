/**
 * Uploads on the server, driven by a hand-made client that skips every browser check: files go
 * to disk in chunks, reach the handler, and are gone once it settled; limits, lies, cancels,
 * closes and idle uploads leave nothing behind; other calls keep being answered meanwhile.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { send, type UploadedFile } from "../src/index.ts";
import { parseClientMessage, ProtocolError } from "../src/protocol.ts";
import {
  createUploadStore,
  resolveUploadOptions,
} from "../src/upload-store.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";
import {
  announce,
  cancelFrame,
  filesUnder,
  nextAnswer,
  sendChunks,
  uploadCall,
  uploadFrame,
} from "./helpers/uploads.ts";
import { waitFor } from "./helpers/wait.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

describe("uploads over the page's socket", () => {
  let dir: string;
  let kept: string;
  let server: RunningServer;
  /** What each handler call received, in order. */
  let received: { uploads: Record<string, UploadedFile[]>; bytes: string[] }[];

  async function start(options: Parameters<typeof startServer>[0] = {}) {
    server = await startServer({ uploads: { dir }, ...options });
    const record = (uploads: Record<string, UploadedFile[]>) =>
      received.push({
        uploads,
        bytes: Object.values(uploads)
          .flat()
          .map((file) => readFileSync(file.path, "hex")),
      });
    server.registry.register("save_avatar", {
      uploads: {
        avatar: { accept: ["image/*", ".png"], maxBytes: 1000 },
        notes: { maxFiles: 2 },
      },
    })(async (consumer, content) => {
      record(content.uploads!);
      const [avatar] = content.uploads!.avatar!;
      if (avatar) await rename(avatar.path, join(kept, avatar.name));
      send(consumer, { target: "#avatar", html: avatar?.name ?? "none" });
    });
    server.registry.register("save_many", {
      uploads: { files: { maxFiles: 200 } },
    })((consumer, content) => {
      record(content.uploads!);
      send(consumer, { html: String(content.uploads!.files!.length) });
    });
    server.registry.register("save_and_throw", { uploads: { file: {} } })(
      (_consumer, content) => {
        record(content.uploads!);
        throw new Error("the database is down");
      },
    );
    server.registry.register("ping")((consumer) =>
      send(consumer, { html: "pong" }),
    );
    return server.connect();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "liveview-uploads-test-"));
    kept = mkdtempSync(join(tmpdir(), "liveview-kept-test-"));
    received = [];
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(kept, { recursive: true, force: true });
  });

  it("gives the handler each file on disk with name, type and size, and removes it once the handler settled unless moved", async () => {
    const client = await start();
    const notes = Buffer.alloc(300_000, 7);
    const frames = await uploadCall(client, "save_avatar", 1, {
      avatar: [{ name: "me.png", type: "image/png", data: PNG }],
      notes: [{ name: "notes.txt", type: "text/plain", data: notes }],
    });
    expect(frames).toEqual([{ target: "#avatar", html: "me.png" }, { ack: 1 }]);
    const [{ uploads, bytes }] = received as [(typeof received)[number]];
    expect(uploads.avatar).toEqual([
      {
        name: "me.png",
        type: "image/png",
        size: PNG.length,
        path: expect.any(String),
      },
    ]);
    expect(uploads.notes![0]).toMatchObject({
      name: "notes.txt",
      size: 300_000,
    });
    expect(bytes).toEqual([PNG.toString("hex"), notes.toString("hex")]);
    // The moved file stays where the handler put it; the other one is gone.
    expect(readFileSync(join(kept, "me.png"))).toEqual(PNG);
    await waitFor(() => (filesUnder(dir).length === 0 ? true : undefined));
    expect(existsSync(uploads.notes![0]!.path)).toBe(false);
  });

  it("gives a handler that declares uploads an empty list for a field that brought no files", async () => {
    const client = await start();
    client.sendJson(message("save_avatar", { form: { avatar: "" }, id: 1 }));
    expect(await nextAnswer(client)).toEqual({
      target: "#avatar",
      html: "none",
    });
    expect(received[0]!.uploads).toEqual({ avatar: [], notes: [] });
  });

  it("removes the files when the handler throws", async () => {
    const client = await start();
    const frames = await uploadCall(client, "save_and_throw", 1, {
      file: [{ name: "a.bin", data: Buffer.alloc(10, 1) }],
    });
    expect(frames).toEqual([
      expect.objectContaining({ code: "LV_ERR_HANDLER_FAILED", id: 1 }),
    ]);
    expect(received).toHaveLength(1);
    await waitFor(() => (filesUnder(dir).length === 0 ? true : undefined));
  });

  it("refuses a wrong type, a file too large and one file too many with one issue each, before any byte is sent, and writes nothing", async () => {
    const client = await start();
    client.sendJson(
      announce("save_avatar", 1, {
        avatar: [
          { name: "cv.pdf", type: "application/pdf", data: Buffer.alloc(5) },
          { name: "big.png", type: "image/png", data: Buffer.alloc(5) },
        ],
        notes: [1, 2, 3].map((n) => ({
          name: `n${n}.txt`,
          data: Buffer.alloc(1),
        })),
        other: [{ name: "x.bin", data: Buffer.alloc(1) }],
      }),
    );
    const refusal = await nextAnswer(client);
    expect(refusal).toMatchObject({ code: "LV_ERR_INVALID_INPUT", id: 1 });
    expect(refusal.issues).toEqual([
      {
        path: "avatar",
        message: "cv.pdf: not an accepted type (image/*, .png)",
      },
      { path: "avatar", message: "big.png: one file too many (at most 1)" },
      { path: "notes", message: "n3.txt: one file too many (at most 2)" },
      { path: "other", message: "x.bin: this field takes no files" },
    ]);
    client.sendJson(
      announce("save_avatar", 2, {
        avatar: [
          { name: "big.png", type: "image/png", data: Buffer.alloc(1001) },
        ],
      }),
    );
    expect((await nextAnswer(client)).issues).toEqual([
      {
        path: "avatar",
        message: "big.png: too large (1001 bytes; at most 1000 bytes)",
      },
    ]);
    expect(received).toEqual([]);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("fails a call whose file brings more bytes than announced, removes what arrived and keeps the socket", async () => {
    const client = await start();
    client.sendJson(
      announce("save_many", 1, {
        files: [{ name: "a.bin", data: Buffer.alloc(10), size: 10 }],
      }),
    );
    const { upload } = (await nextAnswer(client)) as {
      upload: { refs: { files: number[] } };
    };
    client.socket.send(uploadFrame(upload.refs.files[0]!, Buffer.alloc(11)));
    expect(await nextAnswer(client)).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
      id: 1,
      error: "a.bin: more bytes than announced",
    });
    expect(filesUnder(dir)).toEqual([]);
    client.sendJson(message("ping", { id: 2 }));
    expect(await nextAnswer(client)).toEqual({ html: "pong" });
  });

  it("answers other calls while a file streams, and removes a cancelled file, answering its call with an ack", async () => {
    const client = await start();
    const data = Buffer.alloc(400_000, 3);
    client.sendJson(
      announce("save_many", 1, { files: [{ name: "big.bin", data }] }),
    );
    const { upload } = (await nextAnswer(client)) as {
      upload: { refs: { files: number[] } };
    };
    const ref = upload.refs.files[0]!;
    sendChunks(client, ref, data.subarray(0, 200_000));
    client.sendJson(message("ping", { id: 2 }));
    expect(await nextAnswer(client)).toEqual({ html: "pong" });
    expect(await nextAnswer(client)).toEqual({ ack: 2 });
    await waitFor(() => (filesUnder(dir).length === 1 ? true : undefined));
    client.socket.send(cancelFrame(ref));
    expect(await nextAnswer(client)).toEqual({ ack: 1 });
    expect(filesUnder(dir)).toEqual([]);
    expect(received).toEqual([]);
    // Bytes the page had in flight before it heard are let through quietly; the socket works on.
    sendChunks(client, ref, data.subarray(200_000, 300_000));
    client.sendJson(message("ping", { id: 3 }));
    expect(await nextAnswer(client)).toEqual({ html: "pong" });
  });

  it("takes 100 small files in one call", async () => {
    const client = await start();
    const files = Array.from({ length: 100 }, (_, n) => ({
      name: `f${n}.txt`,
      data: Buffer.from(`file ${n}`),
    }));
    files.push({ name: "empty.txt", data: Buffer.alloc(0) });
    const frames = await uploadCall(client, "save_many", 1, { files });
    expect(frames).toEqual([{ html: "101" }, { ack: 1 }]);
    expect(
      received[0]!.bytes.map((hex) => Buffer.from(hex, "hex").toString()),
    ).toEqual(files.map((file) => file.data.toString()));
    await waitFor(() => (filesUnder(dir).length === 0 ? true : undefined));
  });

  it("removes a partial file when its socket closes, and its folder when the server stops", async () => {
    const client = await start();
    client.sendJson(
      announce("save_many", 1, {
        files: [{ name: "a.bin", data: Buffer.alloc(100) }],
      }),
    );
    const { upload } = (await nextAnswer(client)) as {
      upload: { refs: { files: number[] } };
    };
    client.socket.send(uploadFrame(upload.refs.files[0]!, Buffer.alloc(50)));
    await waitFor(() => (filesUnder(dir).length === 1 ? true : undefined));
    await client.close();
    await waitFor(() => (filesUnder(dir).length === 0 ? true : undefined));
    await server.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("drops an upload that stops sending, after idleTimeoutMs", async () => {
    const client = await start({ uploads: { dir, idleTimeoutMs: 200 } });
    client.sendJson(
      announce("save_many", 1, {
        files: [{ name: "a.bin", data: Buffer.alloc(100) }],
      }),
    );
    const { upload } = (await nextAnswer(client)) as {
      upload: { refs: { files: number[] } };
    };
    client.socket.send(uploadFrame(upload.refs.files[0]!, Buffer.alloc(50)));
    expect(await nextAnswer(client)).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
      id: 1,
      error: "The upload stopped: nothing arrived for 200 ms",
    });
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses uploads past an address's byte budget, and binary frames of no upload as before", async () => {
    const client = await start({ uploads: { dir, maxBytesPerAddress: 1000 } });
    client.sendJson(
      announce("save_many", 1, {
        files: [{ name: "a.bin", data: Buffer.alloc(600) }],
      }),
    );
    expect(await nextAnswer(client)).toHaveProperty("upload");
    client.sendJson(
      announce("save_many", 2, {
        files: [{ name: "b.bin", data: Buffer.alloc(600) }],
      }),
    );
    expect(await nextAnswer(client)).toMatchObject({
      code: "LV_ERR_RATE_LIMITED",
      id: 2,
    });
    client.socket.send(uploadFrame(999, Buffer.alloc(10)));
    expect(await nextAnswer(client)).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
    });
  });
});

describe("the pace of file bytes per client address", () => {
  it("lets one second's worth through at once, then says how long to stop reading", () => {
    let now = 0;
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const options = resolveUploadOptions({ bytesPerSecond: 1000 }, "/");
    const store = createUploadStore(options, silent, () => now);
    expect(store.pace("10.0.0.1", 600)).toBe(0);
    expect(store.pace("10.0.0.1", 400)).toBe(0);
    expect(store.pace("10.0.0.1", 500)).toBe(500);
    // Another address has its own pace.
    expect(store.pace("10.0.0.2", 1000)).toBe(0);
    now += 1500;
    expect(store.pace("10.0.0.1", 1000)).toBe(0);
    const unpaced = resolveUploadOptions({ bytesPerSecond: false }, "/");
    expect(createUploadStore(unpaced, silent).pace("10.0.0.1", 1e12)).toBe(0);
  });
});

describe("the uploads a message announces", () => {
  const parse = (raw: Record<string, unknown>) =>
    parseClientMessage({ function: "save", ...raw }, "room-1").uploads;

  it("keeps the last part of each name, cut to 255 characters, with its type and size", () => {
    const long = `${"a".repeat(300)}.png`;
    expect(
      parse({
        id: 1,
        uploads: {
          avatar: [
            { name: "../../etc/passwd", type: "text/plain", size: 3 },
            { name: "C:\\Users\\me\\cv.pdf", type: "", size: 0 },
            { name: long, type: "image/png", size: 1 },
          ],
        },
      }),
    ).toEqual({
      avatar: [
        { name: "passwd", type: "text/plain", size: 3 },
        { name: "cv.pdf", type: "", size: 0 },
        { name: long.slice(-255), type: "image/png", size: 1 },
      ],
    });
  });

  it("refuses uploads without an id or of another shape with LV_ERR_BAD_MESSAGE", () => {
    const file = { name: "a.txt", type: "text/plain", size: 1 };
    for (const raw of [
      { uploads: { f: [file] } },
      { id: 1, uploads: [file] },
      { id: 1, uploads: { f: file } },
      { id: 1, uploads: { f: [{ ...file, size: -1 }] } },
      { id: 1, uploads: { f: [{ ...file, size: 1.5 }] } },
      { id: 1, uploads: { f: [{ ...file, name: "" }] } },
      { id: 1, uploads: { f: [{ ...file, type: 7 }] } },
    ])
      expect(() => parse(raw)).toThrow(ProtocolError);
  });
});
