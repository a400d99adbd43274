// "Modal Dialog with Overlay" (Django LiveView's docs): a click on the overlay closes the dialog, a click inside
// it does not (page#stop), and "Custom Data Attributes" (Django LiveView's docs): open_modal receives
// data-data-modal-id, -user-id and -modal-type as modal_id, user_id and modal_type.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";

liveviewHandler("open_dialog", async (consumer, content) => {
  const html = await renderToString("dialog", {
    type: content.data.type ?? "confirmation",
    title: "Confirm action",
    message: "Are you sure you want to proceed?",
    actionId: "123",
  });
  send(consumer, { target: "#dialog-container", html });
});

liveviewHandler("open_modal", async (consumer, content) => {
  const {
    modal_id: modalId = "",
    user_id: userId = "",
    modal_type: modalType = "",
  } = content.data;
  const html = await renderToString("dialog", {
    type: modalType,
    title: `Modal ${modalId}`,
    message: `Opened for user ${userId} as a “${modalType}” modal.`,
    actionId: "",
  });
  send(consumer, { target: "#dialog-container", html });
});

liveviewHandler("close_dialog", (consumer) => {
  send(consumer, { target: "#dialog-container", html: "" });
});

liveviewHandler("confirm_action", (consumer, content) => {
  const actionId = content.data.action_id ?? "";
  send(consumer, { target: "#dialog-container", html: "" });
  send(consumer, {
    target: "#message",
    html: `<p class="success">Action ${/^\d+$/.test(actionId) ? actionId : ""} completed successfully!</p>`,
  });
});
