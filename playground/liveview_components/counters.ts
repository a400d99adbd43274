// "Init Functions" (Django LiveView's docs): data-liveview-init calls init_counter once when a
// counter appears, whether it was in the page or inserted later by add_counter.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import { perPage } from "./_per-page.ts";

interface Counters {
  values: Map<number, number>;
  nextId: number;
}

const countersOf = perPage<Counters>(() => ({ values: new Map(), nextId: 4 }));

liveviewHandler("init_counter", (consumer, content) => {
  const counterId = dataInt(content, "counter_id");
  if (counterId === undefined) return;
  const value = dataInt(content, "initial_value") ?? 0;
  countersOf(consumer).values.set(counterId, value);
  send(consumer, {
    target: `#counter-${counterId}-value`,
    html: String(value),
  });
});

liveviewHandler("change_counter", (consumer, content) => {
  const counterId = dataInt(content, "counter_id");
  const step = dataInt(content, "step") ?? 1;
  const { values } = countersOf(consumer);
  if (counterId === undefined || !values.has(counterId)) return;
  const value = (values.get(counterId) ?? 0) + step;
  values.set(counterId, value);
  send(consumer, {
    target: `#counter-${counterId}-value`,
    html: String(value),
  });
});

liveviewHandler("add_counter", async (consumer) => {
  const counters = countersOf(consumer);
  const counterId = counters.nextId++;
  const html = await renderToString("counter", {
    id: counterId,
    label: `Counter ${counterId}`,
    initialValue: 0,
  });
  send(consumer, { target: "#counters", html, append: true });
});
