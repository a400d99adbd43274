/**
 * Where one server keeps the files being uploaded until their handler settled: its own folder,
 * made on the first upload and removed on close; the byte budgets that bound how much of the
 * disk unfinished uploads may hold, per client address and in all; and the pace of file bytes
 * per client address.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readdir, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import type { Logger } from "./logger.ts";

export interface UploadOptions {
  /**
   * Folder for files being uploaded; each server makes its own subfolder in it, removed when it
   * stops (also one left by a process that died). @default "<os.tmpdir()>/liveview-uploads"
   */
  dir?: string;
  /** Bytes of unfinished or unhandled uploads one client address may have at once. @default 1073741824 (1 GiB) */
  maxBytesPerAddress?: number;
  /** Bytes of unfinished or unhandled uploads on this server at once. @default 10737418240 (10 GiB) */
  maxBytes?: number;
  /** An upload that receives nothing for this long is dropped and its file removed. @default 30000 */
  idleTimeoutMs?: number;
  /**
   * File bytes per second from one client address, across its sockets (beyond it, they are not
   * read until the pace allows), or false for no limit. @default 134217728 (128 MiB)
   */
  bytesPerSecond?: number | false;
}

export type ResolvedUploadOptions = Required<UploadOptions>;

export function resolveUploadOptions(
  options: UploadOptions | undefined,
  root: string,
): ResolvedUploadOptions {
  const positive = (name: keyof UploadOptions, value: number) => {
    if (!(value > 0))
      throw new TypeError(
        `liveview option "uploads.${name}" must be a positive number, got ${value}`,
      );
    return value;
  };
  return {
    dir: resolve(root, options?.dir ?? join(tmpdir(), "liveview-uploads")),
    maxBytesPerAddress: positive(
      "maxBytesPerAddress",
      options?.maxBytesPerAddress ?? 1024 ** 3,
    ),
    maxBytes: positive("maxBytes", options?.maxBytes ?? 10 * 1024 ** 3),
    idleTimeoutMs: positive("idleTimeoutMs", options?.idleTimeoutMs ?? 30_000),
    bytesPerSecond:
      options?.bytesPerSecond === false
        ? false
        : positive(
            "bytesPerSecond",
            options?.bytesPerSecond ?? 128 * 1024 ** 2,
          ),
  };
}

export interface UploadStore {
  readonly options: ResolvedUploadOptions;
  /** Books `bytes` for `address`; false when its budget or the server's is spent. */
  reserve(address: string, bytes: number): boolean;
  release(address: string, bytes: number): void;
  /** Counts `bytes` that arrived from `address`; the milliseconds to stop reading it, if any. */
  pace(address: string, bytes: number): number;
  /** A new, unused path in this server's folder (keeping the name's extension). */
  newPath(name: string): string;
  /** Removes a file if it is still there (a handler may have moved it). */
  remove(path: string): Promise<void>;
  /** Removes the folder and everything left in it. */
  close(): Promise<void>;
}

/** `<pid>-<random>`: whose folder it is, so one left by a dead process can be told apart. */
const FOLDER = /^(\d+)-/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A folder is swept once untouched this long: a pid that looks dead may be alive in another
 * container sharing the folder, and a live server writes into its folder with every upload.
 */
const STALE_MS = 60 * 60 * 1000;

/** Folders of processes that died without removing theirs. */
async function sweepDead(base: string, logger: Logger): Promise<void> {
  const names = await readdir(base).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(FOLDER.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const path = join(base, name);
    const changed = await stat(path).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - changed < STALE_MS) continue;
    await rm(path, { recursive: true, force: true }).catch((error: unknown) =>
      logger.debug(`Could not remove ${name}: ${String(error)}`),
    );
  }
}

const SAFE_EXTENSION = /^\.[A-Za-z0-9]{1,10}$/;

/** Forgotten once full again: an address that stopped sending has nothing to remember. */
interface Pace {
  tokens: number;
  at: number;
}

const SWEEP_MS = 10_000;

export function createUploadStore(
  options: ResolvedUploadOptions,
  logger: Logger,
  now: () => number = Date.now,
): UploadStore {
  const byAddress = new Map<string, number>();
  const paces = new Map<string, Pace>();
  let sweptAt = now();
  let total = 0;

  /** A bucket of one second's worth of bytes, refilled by the time passed. */
  function refill(pace: Pace, at: number, rate: number): void {
    pace.tokens = Math.min(rate, pace.tokens + ((at - pace.at) / 1000) * rate);
    pace.at = at;
  }
  let folder: string | undefined;
  // Files of a process that exits without close() (a crash, process.exit) still go.
  const removeOnExit = () => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  };

  function ensureFolder(): string {
    if (folder) {
      // Put back if something removed it (a cleaner of the temporary folder, say).
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      return folder;
    }
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    folder = mkdtempSync(join(options.dir, `${process.pid}-`));
    process.once("exit", removeOnExit);
    void sweepDead(options.dir, logger);
    return folder;
  }

  return {
    options,
    reserve(address, bytes) {
      const used = byAddress.get(address) ?? 0;
      if (
        used + bytes > options.maxBytesPerAddress ||
        total + bytes > options.maxBytes
      )
        return false;
      byAddress.set(address, used + bytes);
      total += bytes;
      return true;
    },
    pace(address, bytes) {
      const rate = options.bytesPerSecond;
      if (rate === false) return 0;
      const at = now();
      if (at - sweptAt > SWEEP_MS) {
        sweptAt = at;
        for (const [key, pace] of paces) {
          refill(pace, at, rate);
          if (pace.tokens >= rate) paces.delete(key);
        }
      }
      let pace = paces.get(address);
      if (!pace) paces.set(address, (pace = { tokens: rate, at }));
      refill(pace, at, rate);
      pace.tokens -= bytes;
      return pace.tokens >= 0 ? 0 : (-pace.tokens / rate) * 1000;
    },
    release(address, bytes) {
      const left = (byAddress.get(address) ?? 0) - bytes;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
      total -= bytes;
    },
    newPath(name) {
      const extension = extname(name);
      const suffix = SAFE_EXTENSION.test(extension) ? extension : "";
      return join(ensureFolder(), randomUUID() + suffix);
    },
    async remove(path) {
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT")
          logger.warn(`Could not remove the upload ${path}: ${error.message}`);
      });
    },
    async close() {
      if (!folder) return;
      process.off("exit", removeOnExit);
      await rm(folder, { recursive: true, force: true });
      folder = undefined;
    },
  };
}
