// "Multi-language Support" (Django LiveView's docs): every message carries <html lang>, and t() and the
// templates' it.t() answer in that language with no activate/deactivate. The language switch sets
// <html lang> with a `script` frame, then puts back an element with data-liveview-init, whose call
// (sent after the script ran) renders the content in the new language.
import {
  liveviewHandler,
  renderToString,
  send,
  t,
} from "vite-plugin-liveview/server";
import { articles } from "./_store.ts";

const LANGUAGES = ["en", "es"] as const;
const RELEASE_DATE = new Date(Date.UTC(2025, 5, 7));

function isLanguage(value: string): value is (typeof LANGUAGES)[number] {
  return (LANGUAGES as readonly string[]).includes(value);
}

liveviewHandler("show_content", async (consumer, content) => {
  const lang = isLanguage(content.lang) ? content.lang : "en";
  const html = await renderToString("i18n/content", {
    languages: LANGUAGES,
    current: lang,
    articles: articles.length,
    released: new Intl.DateTimeFormat(lang, {
      dateStyle: "long",
      timeZone: "UTC",
    }).format(RELEASE_DATE),
  });
  send(consumer, {
    target: "#i18n-content",
    html,
    title: t("i18n.page_title"),
  });
});

liveviewHandler("switch_language", async (consumer, content) => {
  const lang = content.data.lang ?? "";
  if (!isLanguage(lang)) return;
  send(consumer, {
    script: `document.documentElement.lang = ${JSON.stringify(lang)};`,
  });
  // morph: false, so the init element is a new one and its init runs.
  send(consumer, {
    target: "#i18n-content",
    html: await renderToString("i18n/loading", {}),
    morph: false,
  });
});
