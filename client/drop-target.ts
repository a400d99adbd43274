/**
 * Drag and drop: files dropped on a `data-liveview-drop-target="avatar"` element go into the
 * upload input named `avatar` (of the target's form, else of the page), as if the user had
 * picked them, and that input hears `input` and `change`. The target carries
 * `liveview-drop-active` while files are dragged over it.
 */
import {
  DROP_ACTIVE_CLASS,
  DROP_TARGET_ATTR,
  UPLOAD_ATTR,
} from "./upload-attributes.ts";

function targetOf(event: Event): Element | null {
  const node = event.target as Node | null;
  const element =
    node?.nodeType === 1 ? (node as Element) : node?.parentElement;
  return element?.closest(`[${DROP_TARGET_ATTR}]`) ?? null;
}

function inputFor(
  target: Element,
  document: Document,
): HTMLInputElement | null {
  const name = target.getAttribute(DROP_TARGET_ATTR) ?? "";
  const selector = `input[type=file][${UPLOAD_ATTR}][name="${CSS.escape(name)}"]`;
  return (
    target.closest("form")?.querySelector<HTMLInputElement>(selector) ??
    document.querySelector<HTMLInputElement>(selector)
  );
}

/** Listens on `document`, so targets added later work too; returns the function that stops. */
export function listenForDrops(
  document: Document,
  warn: (message: string, ...details: unknown[]) => void,
): () => void {
  const over = (event: DragEvent) => {
    const target = targetOf(event);
    if (!target || !event.dataTransfer?.types.includes("Files")) return;
    // Without this the browser opens the file instead of letting it drop here.
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    target.classList.add(DROP_ACTIVE_CLASS);
  };
  const leave = (event: DragEvent) => {
    const target = targetOf(event);
    const into = event.relatedTarget as Node | null;
    if (target && !(into && target.contains(into)))
      target.classList.remove(DROP_ACTIVE_CLASS);
  };
  const drop = (event: DragEvent) => {
    const target = targetOf(event);
    const files = event.dataTransfer?.files;
    if (!target || !files?.length) return;
    event.preventDefault();
    target.classList.remove(DROP_ACTIVE_CLASS);
    const input = inputFor(target, document);
    if (!input) {
      warn(
        `no upload input named "${target.getAttribute(DROP_TARGET_ATTR)}" for this drop target`,
        target,
      );
      return;
    }
    input.files = files;
    for (const type of ["input", "change"])
      input.dispatchEvent(new Event(type, { bubbles: true }));
  };
  document.addEventListener("dragenter", over);
  document.addEventListener("dragover", over);
  document.addEventListener("dragleave", leave);
  document.addEventListener("drop", drop);
  return () => {
    document.removeEventListener("dragenter", over);
    document.removeEventListener("dragover", over);
    document.removeEventListener("dragleave", leave);
    document.removeEventListener("drop", drop);
  };
}
