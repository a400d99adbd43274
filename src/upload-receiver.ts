/**
 * One socket's uploads: a call with files is checked against its handler's limits and booked
 * against the disk budgets, then its files arrive as binary frames and go straight to disk; the
 * call joins the socket's queue once every file is complete, and its files are removed once its
 * handler settled. Messages of the page keep being answered meanwhile: nothing here holds the
 * queue, and a file never sits whole in memory.
 */
import type { WriteStream } from "node:fs";
import type { WebSocket } from "ws";
import type { ClientMessage, ErrorFrame, ServerFrame } from "./protocol.ts";
import { errorFrame } from "./protocol.ts";
import {
  checkDeclaredFiles,
  type DeclaredFile,
  type UploadedFile,
  type UploadSpecs,
} from "./upload-limits.ts";
import { createIncomingFile, type IncomingFile } from "./upload-file.ts";
import { CANCEL_FRAME, readUploadFrame } from "./upload-protocol.ts";
import type { UploadStore } from "./upload-store.ts";
import { describeIssues } from "./validation.ts";
import type { Consumer } from "./types.ts";

/** The files of a call, on disk, and how to let go of them once its handler settled. */
export interface ReceivedUploads {
  files: Record<string, UploadedFile[]>;
  settled(): void;
}

export interface UploadReceiver {
  /**
   * Starts receiving a call's files: answers the page with their refs, or returns the refusal
   * to send instead. `ready` gets the files once all of them are on disk.
   */
  begin(
    message: ClientMessage,
    announced: Record<string, DeclaredFile[]>,
    specs: UploadSpecs | undefined,
    ready: (uploads: ReceivedUploads) => void,
  ): ErrorFrame | undefined;
  /** A binary frame; false when it belongs to no upload (the caller refuses it). */
  receive(data: Buffer): boolean;
  /** The socket is gone or the server stops: unfinished files are removed. */
  stop(): Promise<void>;
}

/** Calls with files in progress on one socket; more wait for these (a page sends one or two). */
const MAX_CALLS = 4;
/**
 * Refs of ended uploads remembered, each with the bytes still let through (and thrown away):
 * what the page had in flight before it heard its upload was dropped, or a cancel that crossed
 * the end of its upload. Other binary frames are refused like any junk.
 */
const DRAIN_ALLOWANCE = 16 * 1024 * 1024;
const MAX_DRAINING = 64;

interface Call {
  id: string | number;
  files: IncomingFile[];
  /** Index of the file whose bytes come next: files arrive one after another. */
  current: number;
  booked: number;
  timer: NodeJS.Timeout | undefined;
  ready: (uploads: ReceivedUploads) => void;
}

export function createUploadReceiver(
  store: UploadStore,
  consumer: Consumer,
  socket: WebSocket,
): UploadReceiver {
  const address = consumer.scope.address;
  const calls = new Set<Call>();
  const byRef = new Map<number, { call: Call; file: IncomingFile }>();
  const draining = new Map<number, number>();
  let lastRef = 0;
  let held = false;
  let stopped = false;

  /** The call's files go and its bytes leave the budgets. */
  async function release(call: Call): Promise<void> {
    await Promise.all(
      call.files.map(async (incoming) => {
        await incoming.abort();
        await store.remove(incoming.file.path);
      }),
    );
    store.release(address, call.booked);
  }

  /** No more bytes for these refs, beyond what the page may still have in flight. */
  function forget(call: Call): void {
    calls.delete(call);
    clearTimeout(call.timer);
    for (const { ref, file, received } of call.files) {
      byRef.delete(ref);
      draining.set(ref, Math.min(file.size - received, DRAIN_ALLOWANCE));
    }
    for (const ref of draining.keys()) {
      if (draining.size <= MAX_DRAINING) break;
      draining.delete(ref);
    }
  }

  /** Ends a call that will not run: its files go, then the page hears `answer`, if any. */
  async function drop(call: Call, answer: ServerFrame | undefined) {
    if (!calls.has(call)) return;
    forget(call);
    await release(call);
    if (answer && !stopped) consumer.sendJson(answer);
  }

  const failCall = (call: Call, message: string) =>
    void drop(call, errorFrame("LV_ERR_BAD_MESSAGE", message, call.id));

  function watch(call: Call): void {
    clearTimeout(call.timer);
    const ms = store.options.idleTimeoutMs;
    call.timer = setTimeout(
      () => failCall(call, `The upload stopped: nothing arrived for ${ms} ms`),
      ms,
    );
    call.timer.unref();
  }

  /** Once every file is on disk and closed, the call goes to its handler. */
  async function advance(call: Call): Promise<void> {
    // Files of size 0 have no bytes to wait for.
    while (call.files[call.current]?.file.size === 0)
      void call.files[call.current++]!.end();
    if (call.current < call.files.length) return;
    await Promise.all(call.files.map((incoming) => incoming.end()));
    if (!calls.has(call)) return;
    forget(call);
    const files: Record<string, UploadedFile[]> = Object.create(null);
    for (const { field, file } of call.files) (files[field] ??= []).push(file);
    let settled = false;
    call.ready({
      files,
      settled() {
        if (!settled) void release(call);
        settled = true;
      },
    });
  }

  /**
   * Not reading the socket while the disk is behind, or the address ahead of its pace: TCP makes
   * the page wait, and nothing piles up here.
   */
  function hold(until: (resume: () => void) => void): void {
    if (held) return;
    held = true;
    socket.pause();
    let resumed = false;
    until(() => {
      if (resumed) return;
      resumed = true;
      held = false;
      if (!stopped) socket.resume();
    });
  }

  function holdUntilDrained(stream: WriteStream): void {
    hold((resume) => {
      const drained = () => {
        stream.off("drain", drained);
        stream.off("close", drained);
        resume();
      };
      stream.once("drain", drained);
      stream.once("close", drained);
    });
  }

  function take(call: Call, incoming: IncomingFile, bytes: Buffer): void {
    const { ref, file } = incoming;
    if (call.files[call.current] !== incoming)
      return failCall(
        call,
        "The files of a call must be sent one after another",
      );
    if (incoming.received + bytes.length > file.size)
      return failCall(call, `${file.name}: more bytes than announced`);
    watch(call);
    const behind = incoming.write(bytes, (received) => {
      if (calls.has(call)) consumer.sendJson({ upload: { ref, received } });
    });
    if (behind) holdUntilDrained(behind);
    const wait = store.pace(address, bytes.length);
    if (wait > 0) hold((resume) => setTimeout(resume, wait).unref());
    if (incoming.received === file.size) {
      call.current += 1;
      void advance(call);
    }
  }

  return {
    begin(message, announced, specs, ready) {
      const id = message.id!;
      // A call that waited in the queue while its socket closed: nothing will come.
      if (stopped) return undefined;
      const issues = checkDeclaredFiles(specs ?? {}, announced);
      if (issues.length > 0)
        return errorFrame(
          "LV_ERR_INVALID_INPUT",
          describeIssues(issues),
          id,
          issues,
        );
      const declared = Object.entries(announced).flatMap(([field, files]) =>
        files.map((file) => ({ field, file })),
      );
      const bytes = declared.reduce((sum, { file }) => sum + file.size, 0);
      if (calls.size >= MAX_CALLS || !store.reserve(address, bytes))
        return errorFrame(
          "LV_ERR_RATE_LIMITED",
          "Too many uploads in progress; try again later",
          id,
        );
      const call: Call = {
        id,
        files: [],
        current: 0,
        booked: bytes,
        timer: undefined,
        ready,
      };
      const refs: Record<string, number[]> = {};
      for (const { field, file } of declared) {
        const ref = (lastRef = (lastRef % 0xffffffff) + 1);
        const path = store.newPath(file.name);
        const incoming = createIncomingFile(ref, field, { ...file, path }, () =>
          failCall(call, "The file could not be stored"),
        );
        call.files.push(incoming);
        byRef.set(ref, { call, file: incoming });
        (refs[field] ??= []).push(ref);
      }
      calls.add(call);
      watch(call);
      consumer.sendJson({ upload: { id, refs } });
      void advance(call);
      return undefined;
    },
    receive(data) {
      const frame = readUploadFrame(data);
      if (!frame) return false;
      const found = byRef.get(frame.ref);
      if (found && frame.kind === CANCEL_FRAME)
        void drop(found.call, { ack: found.call.id });
      else if (found) take(found.call, found.file, frame.bytes);
      else {
        const left = draining.get(frame.ref);
        if (left === undefined || left < frame.bytes.length) {
          draining.delete(frame.ref);
          return false;
        }
        if (frame.kind === CANCEL_FRAME) draining.delete(frame.ref);
        else draining.set(frame.ref, left - frame.bytes.length);
      }
      return true;
    },
    async stop() {
      stopped = true;
      await Promise.all([...calls].map((call) => drop(call, undefined)));
    },
  };
}
