/**
 * The playground's data: plain in-memory records standing in for a database (Django LiveView's Django
 * models). Handler files import it; files starting with `_` are not handler files, and a module
 * that handler files import keeps its state when one of them is saved (HMR).
 */

export interface Person {
  id: number;
  username: string;
  name: string;
  role: string;
  bio: string;
  online: boolean;
}

export interface Article {
  id: number;
  title: string;
  summary: string;
  publishedAt: string;
}

export interface Comment {
  id: number;
  articleId: number;
  author: string;
  text: string;
}

export interface Post {
  id: number;
  title: string;
  content: string;
}

export interface Notification {
  id: number;
  text: string;
  archived: boolean;
}

export interface Product {
  id: number;
  name: string;
  price: number;
  summary: string;
  details: string[];
}

export interface Task {
  id: number;
  title: string;
}

export interface ContactMessage {
  name: string;
  email: string;
  message: string;
}

export const people: readonly Person[] = [
  {
    id: 123,
    username: "ada",
    name: "Ada Lovelace",
    role: "Analyst",
    bio: "Wrote the first published program, for an engine that was never built.",
    online: true,
  },
  {
    id: 124,
    username: "grace",
    name: "Grace Hopper",
    role: "Rear admiral",
    bio: "Built the first compiler and taught a generation to say “bug”.",
    online: false,
  },
  {
    id: 125,
    username: "alan",
    name: "Alan Turing",
    role: "Mathematician",
    bio: "Asked whether machines can think, then described one that could compute anything.",
    online: true,
  },
  {
    id: 126,
    username: "margaret",
    name: "Margaret Hamilton",
    role: "Software engineer",
    bio: "Led the team that wrote the Apollo flight software and named the discipline.",
    online: false,
  },
];

export const articles: readonly Article[] = [
  {
    id: 1,
    title: "HTML over the wire",
    summary:
      "Render on the server, send fragments over a WebSocket, swap them in.",
    publishedAt: "2025-01-12",
  },
  {
    id: 2,
    title: "Getting started with Vite",
    summary:
      "A dev server that starts in milliseconds and a build that ships less.",
    publishedAt: "2025-02-03",
  },
  {
    id: 3,
    title: "Stimulus controllers in practice",
    summary: "Small controllers, data attributes and no build-time magic.",
    publishedAt: "2025-02-21",
  },
  {
    id: 4,
    title: "WebSockets without the pain",
    summary: "Reconnects, queues and backoff: what a real client needs.",
    publishedAt: "2025-03-08",
  },
  {
    id: 5,
    title: "Templates with eta",
    summary:
      "Fast, tiny, escaping by default: server-side templates for TypeScript.",
    publishedAt: "2025-03-30",
  },
  {
    id: 6,
    title: "Broadcasting with Redis",
    summary: "Pub/sub turns many processes into one live application.",
    publishedAt: "2025-04-14",
  },
  {
    id: 7,
    title: "Infinite scroll done right",
    summary: "IntersectionObserver, a sentinel and a margin so nobody waits.",
    publishedAt: "2025-05-02",
  },
  {
    id: 8,
    title: "Forms that validate as you type",
    summary: "Server-side rules, client-side speed, one source of truth.",
    publishedAt: "2025-05-19",
  },
  {
    id: 9,
    title: "Internationalisation basics",
    summary: "Catalogs, placeholders and the lang attribute.",
    publishedAt: "2025-06-07",
  },
  {
    id: 10,
    title: "Testing in a real browser",
    summary: "Chromium, a real server, and assertions about what people see.",
    publishedAt: "2025-06-28",
  },
  {
    id: 11,
    title: "Vite plugins from scratch",
    summary: "Hooks, virtual modules and the dev server's HTTP server.",
    publishedAt: "2025-07-15",
  },
  {
    id: 12,
    title: "TypeScript strict mode",
    summary:
      "noUncheckedIndexedAccess and friends catch the bugs you meant to write.",
    publishedAt: "2025-08-01",
  },
];

const initialComments: readonly Comment[] = [
  {
    id: 1,
    articleId: 1,
    author: "Ada",
    text: "Finally, no JSON APIs for every button.",
  },
  {
    id: 2,
    articleId: 1,
    author: "Grace",
    text: "What happens when the socket drops?",
  },
  {
    id: 3,
    articleId: 1,
    author: "Alan",
    text: "The client queues the click and sends it on reconnect.",
  },
  {
    id: 4,
    articleId: 1,
    author: "Margaret",
    text: "Morphing keeps my caret where it was. Nice.",
  },
  {
    id: 5,
    articleId: 2,
    author: "Ada",
    text: "The dev server really does start fast.",
  },
];

let comments: Comment[] = initialComments.map((comment) => ({ ...comment }));

const POST_TOPICS = [
  "Handlers",
  "Templates",
  "Broadcasts",
  "Forms",
  "Rooms",
  "Middleware",
  "History",
  "Scrolling",
];

export const posts: readonly Post[] = Array.from({ length: 23 }, (_, index) => {
  const topic = POST_TOPICS[index % POST_TOPICS.length] ?? "LiveView";
  return {
    id: index + 1,
    title: `Post ${index + 1}: ${topic}`,
    content: `Notes on ${topic.toLowerCase()}, part ${Math.floor(index / POST_TOPICS.length) + 1}.`,
  };
});

const initialNotifications: readonly Notification[] = [
  { id: 41, text: "Grace commented on “HTML over the wire”", archived: false },
  { id: 42, text: "You have a new message", archived: false },
  { id: 43, text: "Your export is ready to download", archived: false },
];

let notifications: Notification[] = initialNotifications.map(
  (notification) => ({ ...notification }),
);

export const products: readonly Product[] = [
  {
    id: 787,
    name: "Mechanical keyboard",
    price: 129,
    summary: "Tactile switches, aluminium case.",
    details: [
      "87 keys, hot-swappable switches",
      "USB-C, detachable cable",
      "Aluminium case, 1.2 kg",
    ],
  },
  {
    id: 788,
    name: "27″ monitor",
    price: 349,
    summary: "1440p, 165 Hz, factory calibrated.",
    details: [
      "2560 × 1440 IPS panel",
      "165 Hz, 1 ms",
      "Height-adjustable stand",
    ],
  },
  {
    id: 789,
    name: "Noise-cancelling headphones",
    price: 249,
    summary: "Thirty hours of quiet.",
    details: [
      "Active noise cancelling",
      "30 h battery",
      "Folds flat into its case",
    ],
  },
  {
    id: 790,
    name: "Standing desk",
    price: 499,
    summary: "Two motors, four memory positions.",
    details: [
      "Height 62–127 cm",
      "Dual motors, 120 kg load",
      "Four memory presets",
    ],
  },
  {
    id: 791,
    name: "Desk lamp",
    price: 59,
    summary: "Warm to cool white, no flicker.",
    details: ["2700–6500 K", "Touch dimmer", "USB charging port"],
  },
  {
    id: 792,
    name: "Webcam",
    price: 89,
    summary: "1080p with a privacy shutter.",
    details: ["1080p at 60 fps", "Dual microphones", "Physical shutter"],
  },
];

export const feedItems: readonly { id: number; title: string }[] = Array.from(
  { length: 50 },
  (_, index) => ({
    id: index + 1,
    title: `Item ${index + 1}`,
  }),
);

let tasks: Task[] = [
  { id: 1, title: "Write the handler" },
  { id: 2, title: "Render the template" },
  { id: 3, title: "Ship it" },
];
let nextTaskId = 4;

export const contactMessages: ContactMessage[] = [];
export const drafts: string[] = [];

export function findPerson(id: number): Person | undefined {
  return people.find((person) => person.id === id);
}

export function findPersonByUsername(username: string): Person | undefined {
  return people.find((person) => person.username === username);
}

export function findArticle(id: number): Article | undefined {
  return articles.find((article) => article.id === id);
}

export function latestArticle(): Article {
  return [...articles].sort((a, b) =>
    b.publishedAt.localeCompare(a.publishedAt),
  )[0]!;
}

export function searchArticles(query: string): Article[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return articles.slice(0, 10);
  return articles.filter((article) =>
    article.title.toLowerCase().includes(needle),
  );
}

export function commentsOf(articleId: number): Comment[] {
  return comments.filter((comment) => comment.articleId === articleId);
}

export function deleteComment(id: number): boolean {
  const before = comments.length;
  comments = comments.filter((comment) => comment.id !== id);
  return comments.length < before;
}

export function restoreComments(): void {
  comments = initialComments.map((comment) => ({ ...comment }));
}

export function activeNotifications(): Notification[] {
  return notifications.filter((notification) => !notification.archived);
}

export function archiveNotification(id: number): boolean {
  const notification = notifications.find((candidate) => candidate.id === id);
  if (!notification || notification.archived) return false;
  notification.archived = true;
  return true;
}

export function restoreNotifications(): void {
  notifications = initialNotifications.map((notification) => ({
    ...notification,
  }));
}

export function findProduct(id: number): Product | undefined {
  return products.find((product) => product.id === id);
}

export function searchProducts(query: string): Product[] {
  const needle = query.trim().toLowerCase();
  return products.filter((product) =>
    product.name.toLowerCase().includes(needle),
  );
}

export function listTasks(): readonly Task[] {
  return tasks;
}

export function findTask(id: number): Task | undefined {
  return tasks.find((task) => task.id === id);
}

export function addTask(title: string): Task {
  const task = { id: nextTaskId++, title };
  tasks = [...tasks, task];
  return task;
}

export function renameTask(id: number, title: string): Task | undefined {
  const task = findTask(id);
  if (task) task.title = title;
  return task;
}

export function deleteTask(id: number): boolean {
  const before = tasks.length;
  tasks = tasks.filter((task) => task.id !== id);
  return tasks.length < before;
}

/** A page of `size` records (1-based), and whether it is the last one. */
export function paginate<T>(
  records: readonly T[],
  page: number,
  size: number,
): { items: T[]; isLast: boolean } {
  const start = (page - 1) * size;
  return {
    items: records.slice(start, start + size),
    isLast: start + size >= records.length,
  };
}
