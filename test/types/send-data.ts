// SendData has no index signature: a misspelt key fails to compile; keys of an app's own are
// declared once, as the escape hatch. Compiled by `npm run typecheck`, never run.
import { createTestConsumer } from "vite-plugin-liveview/testing";
import {
  broadcast,
  send,
  sendToRoom,
  type SendData,
} from "vite-plugin-liveview/server";

declare module "vite-plugin-liveview/server" {
  interface SendData {
    /** This app's client reads it in a `liveview:frame` listener. */
    toast?: string;
  }
}

const consumer = createTestConsumer();

send(consumer, { target: "#out", html: "<p>ok</p>", morph: false });
send(consumer, { script: "console.log(1)" });
send(consumer, { error: "Unauthorized" });
// @ts-expect-error "htlm" is not a key of SendData
send(consumer, { target: "#out", htlm: "<p>typo</p>" });
// @ts-expect-error "scrolltop" is not "scrollTop"
void broadcast({ scrolltop: true });
// @ts-expect-error "traget" is not "target"
void sendToRoom("room-1", { traget: "#out", html: "x" });
// @ts-expect-error html is a string
send(consumer, { target: "#out", html: 5 });

// The declared key is typed like the others.
send(consumer, { target: "#out", html: "saved", toast: "Saved" });
// @ts-expect-error toast is a string
send(consumer, { toast: 1 });
const frame: SendData = { toast: "Saved" };
void frame;
