// "Updating the URL Without Page Reload" (seed 003): each view comes with its `url` and `title`,
// so Back and Forward work and the address can be shared. The URLs stay on this page
// (`?profile=ada`), so opening one directly loads this page, whose `open_route` region the server
// renders for that address before sending it (data-liveview-prerender).
import {
  liveviewHandler,
  renderToString,
  send,
  type Consumer,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import {
  findPerson,
  findPersonByUsername,
  people,
  type Person,
} from "./_store.ts";

const PAGE_PATH = "/examples/navigation/";
const HOME_TITLE = "People · LiveView playground";

function profileUrl(person: Person): string {
  return `${PAGE_PATH}?profile=${encodeURIComponent(person.username)}`;
}

function profileTitle(person: Person): string {
  return `${person.name} - Profile`;
}

async function showHome(
  consumer: Consumer,
  url: string | undefined,
): Promise<void> {
  const html = await renderToString("navigation/home", { people });
  send(consumer, {
    target: "#main-content",
    html,
    title: HOME_TITLE,
    ...(url ? { url } : {}),
  });
}

async function showProfile(
  consumer: Consumer,
  person: Person,
  url: string | undefined,
): Promise<void> {
  const html = await renderToString("navigation/profile", { user: person });
  send(consumer, {
    target: "#main-content",
    html,
    title: profileTitle(person),
    ...(url ? { url } : {}),
  });
}

// Runs when the page is requested (data-liveview-init with data-liveview-prerender), with the
// address the page was opened at; the browser calls it only if the server could not.
liveviewHandler("open_route", async (consumer, content) => {
  const url = new URL(content.url || PAGE_PATH, "http://playground.invalid");
  const username = url.searchParams.get("profile");
  const person = username === null ? undefined : findPersonByUsername(username);
  if (username !== null && !person) {
    send(consumer, {
      target: "#main-content",
      html: await renderToString("navigation/not_found", { username }),
      title: "Not found · LiveView playground",
    });
  } else if (person) {
    await showProfile(consumer, person, undefined);
  } else {
    await showHome(consumer, undefined);
  }
});

liveviewHandler("navigate_to_profile", async (consumer, content) => {
  const person = findPerson(dataInt(content, "user_id") ?? 0);
  if (!person) {
    send(consumer, {
      target: "#main-content",
      html: `<p class="error">No such user</p>`,
    });
    return;
  }
  await showProfile(consumer, person, profileUrl(person));
});

liveviewHandler("navigate_home", async (consumer) => {
  await showHome(consumer, PAGE_PATH);
});
