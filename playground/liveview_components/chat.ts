// A chat with rooms (the realtime model): a handler joins the page to a room's topic, messages are
// published to it and each page renders them for its own viewer ("you"), and presence keeps the
// list of who is online, across processes with Redis. After a reconnect, data-liveview-reconnect
// joins the room again and the server replays what the page missed.
import {
  join,
  leave,
  liveviewEvent,
  liveviewHandler,
  publish,
  renderToString,
  send,
  trackPresence,
  untrackPresence,
  type Consumer,
  type PresenceDiff,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";

const ROOMS = ["lobby", "random"];
/** What each page is: its name and room (the page's own state, kept per socket). */
const pages = new WeakMap<Consumer, { name: string; room: string }>();

export interface ChatMessage {
  name: string;
  text: string;
  at: string;
}

function topicOf(room: string): string {
  return `chat:${room}`;
}

async function enter(consumer: Consumer, name: string, room: string) {
  const previous = pages.get(consumer);
  if (previous && previous.room !== room) {
    leave(consumer, topicOf(previous.room));
    await untrackPresence(consumer, topicOf(previous.room));
  }
  pages.set(consumer, { name, room });
  join(consumer, topicOf(room));
  await trackPresence(consumer, topicOf(room), { name });
}

liveviewHandler("chat_join", async (consumer, content) => {
  const room = ROOMS.includes(content.data.room ?? "")
    ? content.data.room!
    : "lobby";
  const name = formText(content, "name").slice(0, 30) || "Guest";
  // The room first: the presence list that entering sends fills it.
  send(consumer, {
    target: "#chat",
    html: await renderToString("chat/room", { name, room, rooms: ROOMS }),
  });
  await enter(consumer, name, room);
});

// After a reconnect: back in the same room under the same name. The messages already on the
// page stay; the ones missed while away are replayed by the server when the room is joined.
liveviewHandler("chat_rejoin", async (consumer, content) => {
  const room = content.data.room;
  const name = formText(content, "name");
  if (room && ROOMS.includes(room) && name) await enter(consumer, name, room);
});

liveviewHandler("chat_send", async (consumer, content) => {
  const page = pages.get(consumer);
  const text = formText(content, "text").slice(0, 500);
  if (!page || !text) return;
  const message: ChatMessage = {
    name: page.name,
    text,
    at: new Date().toISOString(),
  };
  await publish(topicOf(page.room), "chat_message", message);
  send(consumer, { script: "document.getElementById('chat-text').value = ''" });
});

liveviewEvent<ChatMessage>("chat_message", async (consumer, message) => {
  const mine = pages.get(consumer)?.name === message.name;
  send(consumer, {
    target: "#chat-messages",
    html: await renderToString("chat/message", { message, mine }),
    append: true,
  });
});

// Presence changes of every chat room reach their members; each page marks itself.
liveviewEvent<PresenceDiff>("presence", async (consumer, diff) => {
  if (!diff.topic.startsWith("chat:")) return;
  const me = consumer.scope.socketId ?? consumer.id;
  const people = diff.list
    .map((entry) => ({
      name: (entry.metas[0] as { name?: string } | undefined)?.name ?? "?",
      you: entry.key === me,
      tabs: entry.metas.length,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  send(consumer, {
    target: "#chat-online",
    html: await renderToString("chat/online", { people }),
  });
});
