// "Scrolling to Elements" and "Scroll Management" (Django LiveView's docs): `scroll` brings a selector
// into view smoothly, `scrollTop` goes back to the top of the page.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt, formText } from "./_content.ts";
import { findProduct, products, searchProducts } from "./_store.ts";

liveviewHandler("show_product_details", async (consumer, content) => {
  const product = findProduct(dataInt(content, "product_id") ?? 0);
  const html = product
    ? await renderToString("products/details", { product })
    : `<p class="error">Product not found</p>`;
  send(consumer, {
    target: "#product-details",
    html,
    scroll: "#product-details",
  });
});

liveviewHandler("search_products", async (consumer, content) => {
  const query = formText(content, "q");
  const html = await renderToString("products/list", {
    products: searchProducts(query),
    query,
  });
  send(consumer, { target: "#products-list", html, scrollTop: true });
});

liveviewHandler("back_to_top", async (consumer) => {
  const html = await renderToString("products/list", { products, query: "" });
  send(consumer, { target: "#products-list", html, scrollTop: true });
  send(consumer, {
    target: "#product-details",
    html: `<p class="muted">Pick a product to see its details here.</p>`,
  });
});
