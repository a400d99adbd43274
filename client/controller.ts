/**
 * The Stimulus controller `page` (`<body data-controller="page">`). `page#run` sends the trigger's
 * `data-liveview-function` for any event (click, input, submit, change, blur, keydown...);
 * `page#stop` stops the event there (a dialog inside a click-to-close overlay). While connected it
 * also watches for init / focus / intersect elements (observers.ts).
 *
 * The class is made by a factory so each started client has its own (no module state): Stimulus
 * instantiates controllers itself, so the client reaches them through the closure.
 */
import { Controller, type ControllerConstructor } from "@hotwired/stimulus";
import { FUNCTION_ATTR } from "./attributes.ts";
import { createDebouncer, debounceDelay, type Debouncer } from "./debounce.ts";
import { observeAppearances, type AppearanceObserver } from "./observers.ts";
import type { IntersectionObserverConstructor } from "./intersect.ts";
import { log } from "./log.ts";

/** What the controller needs from the client. */
export interface PageClient {
  trigger(element: Element, fn: string): void;
  IntersectionObserver?: IntersectionObserverConstructor | undefined;
}

/**
 * Clicks whose default is leaving the page (a link, a form's submit button) must not: the server
 * answers over the socket. Other defaults stay (a checkbox still toggles, a key still types).
 */
const NAVIGATING_CLICK =
  "a[href],button:not([type]),[type=submit],input[type=image]";

function preventsNavigation(event: Event, element: Element): boolean {
  return (
    event.type === "submit" ||
    (event.type === "click" && element.matches(NAVIGATING_CLICK))
  );
}

export function createPageController(
  client: PageClient,
): ControllerConstructor {
  return class PageController extends Controller<Element> {
    declare private debouncer: Debouncer;
    declare private appearances: AppearanceObserver | undefined;

    override initialize(): void {
      this.debouncer = createDebouncer();
    }

    override connect(): void {
      this.appearances = observeAppearances(this.element, client);
    }

    override disconnect(): void {
      this.debouncer.cancelAll();
      this.appearances?.stop();
      this.appearances = undefined;
    }

    run(event: Event): void {
      const current = event.currentTarget as Node | null;
      const element =
        current?.nodeType === 1 ? (current as Element) : this.element;
      if (preventsNavigation(event, element)) event.preventDefault();
      const fn = element.getAttribute(FUNCTION_ATTR)?.trim();
      if (!fn) {
        log.error(
          `${FUNCTION_ATTR} is not defined on the element; nothing sent.`,
          element,
        );
        return;
      }
      const delay = debounceDelay(element);
      if (delay > 0)
        this.debouncer.schedule(element, delay, () =>
          client.trigger(element, fn),
        );
      else client.trigger(element, fn);
    }

    stop(event: Event): void {
      event.stopPropagation();
    }
  };
}
