// "Script Execution" (Django LiveView's docs): a `script` frame runs JavaScript in the page; data goes in through
// JSON.stringify, never pasted as code; <script> tags inside `html` run once inserted.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";

// Django LiveView's show_notification: the browser's Notification API when allowed, else the page.
liveviewHandler("show_notification", (consumer, content) => {
  const message = formText(content, "message") || "Hello from the server";
  send(consumer, {
    script: `{
  const body = ${JSON.stringify(message)};
  if ("Notification" in window && Notification.permission === "granted") new Notification("New message", { body });
  else document.getElementById("script-output").textContent = "Notification: " + body;
}`,
  });
});

const SALES = [
  { month: "Jan", value: 120 },
  { month: "Feb", value: 180 },
  { month: "Mar", value: 90 },
  { month: "Apr", value: 210 },
];

// "Combining HTML and Script": the markup first, then the code that brings it to life.
liveviewHandler("load_chart", async (consumer) => {
  send(consumer, {
    target: "#chart-container",
    html: await renderToString("chart_container", { chartId: "sales-chart" }),
  });
  send(consumer, {
    script: `{
  const data = ${JSON.stringify(SALES)};
  const chart = document.getElementById("sales-chart");
  const max = Math.max(...data.map((point) => point.value));
  chart.replaceChildren(...data.map((point) => {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.setProperty("--size", String(point.value / max));
    bar.setAttribute("role", "listitem");
    bar.textContent = point.month + " " + point.value;
    return bar;
  }));
}`,
  });
});

// "Inline Scripts in HTML": the widget brings its own script.
liveviewHandler("load_interactive_component", async (consumer) => {
  send(consumer, {
    target: "#component-container",
    html: await renderToString("counter_widget", {}),
  });
});
