/**
 * Every name the client reads from or writes to the page, defined once. The markup Django LiveView's docs
 * document (`data-liveview-*`, `data-data-*`, `#no-connection`) is a public contract: renaming a
 * constant here breaks users' templates.
 */

/** Stimulus identifier: `<body data-controller="page">`, `data-action="click->page#run"`. */
export const CONTROLLER_NAME = "page";

/** Names the server handler a trigger calls. */
export const FUNCTION_ATTR = "data-liveview-function";
/** Attributes starting with this prefix become `data` entries (`data-data-item-id` -> `item_id`). */
export const DATA_ATTR_PREFIX = "data-data-";
/** Trailing debounce in milliseconds for `page#run`. */
export const DEBOUNCE_ATTR = "data-liveview-debounce";
/** Handler called once when the element first appears. */
export const INIT_ATTR = "data-liveview-init";
/** Set by the server on an init element it rendered into the page: its init is not called again. */
export const PRERENDERED_ATTR = "data-liveview-prerendered";
/** `"true"` focuses the element when it appears. */
export const FOCUS_ATTR = "data-liveview-focus";
export const FOCUS_ON = "true";
/** Handler called when the element enters the viewport. */
export const INTERSECT_APPEAR_ATTR = "data-liveview-intersect-appear";
/** Handler called when the element leaves the viewport (after having been in it). */
export const INTERSECT_DISAPPEAR_ATTR = "data-liveview-intersect-disappear";
/** Pixels added around the viewport (IntersectionObserver rootMargin). */
export const INTERSECT_THRESHOLD_ATTR = "data-liveview-intersect-threshold";
/** JSON object from key names (`"ctrl+s"`) to handler names. */
export const KEYBOARD_MAP_ATTR = "data-liveview-keyboard-map";
/** Handler called on every reconnect (not the first connect), e.g. to join topics again. */
export const RECONNECT_ATTR = "data-liveview-reconnect";
/** On a form: handler called with its values after a reconnect. */
export const RECOVER_ATTR = "data-liveview-recover";
/** Given `"0"` to an element with a local keyboard map, so it can take focus. */
export const TABINDEX_ATTR = "tabindex";

/** On `<html>`: the room the page joins. */
export const ROOM_ATTR = "data-room";
/** On `<html>`: the language sent with every message. */
export const LANG_ATTR = "lang";
/** localStorage key of the generated room (Django LiveView's key, so rooms survive an upgrade). */
export const ROOM_STORAGE_KEY = "room";
/** sessionStorage keys of `liveview.debug(true)` ("1") and `liveview.latency(ms)` (the ms). */
export const DEBUG_STORAGE_KEY = "liveview:debug";
export const LATENCY_STORAGE_KEY = "liveview:latency";
/** sessionStorage key (then the page's build id) set when the page reloaded for a new build. */
export const BUILD_RELOAD_STORAGE_KEY = "liveview:reloaded-for-build:";
/** Query parameter of the socket URL carrying the page's build id. */
export const BUILD_QUERY_PARAM = "build";
/** Query of the socket URL with the page's place in each group (places.ts). */
export const RESUME_QUERY_PARAM = "resume";

/** Loading state of a trigger, until its ack or error arrives. */
export const BUSY_ATTR = "aria-busy";
export const LOADING_CLASS = "liveview-loading";
/** Text a trigger shows, disabled, while its call is in flight. */
export const DISABLE_WITH_ATTR = "data-liveview-disable-with";
/** Function name(s), space-separated: the element gets LOADING_CLASS while a call to one is in flight. */
export const LOADING_FOR_ATTR = "data-liveview-loading-for";
/** Where the message of `LV_ERR_INVALID_INPUT`'s issue for that field name (its path) is written. */
export const ERROR_FOR_ATTR = "data-liveview-error-for";
/** Set to "true" on a field the server refused, until the form's next successful call. */
export const INVALID_ATTR = "aria-invalid";
/** On `<html>` while the socket is down. */
export const DISCONNECTED_CLASS = "liveview-disconnected";

/** The connection banner Django LiveView's base template defines. */
export const NO_CONNECTION_ID = "no-connection";
export const NO_CONNECTION_SHOW_CLASS = "no-connection--show";
export const NO_CONNECTION_HIDE_CLASS = "no-connection--hide";

/** Where the CSP nonce may be published when no `<script nonce>` carries it. */
export const NONCE_META_SELECTOR =
  'meta[name="csp-nonce"], meta[property="csp-nonce"]';
export const NONCE_SCRIPT_SELECTOR = "script[nonce]";

/**
 * Scripts inside server HTML are parked under this type while the markup is inserted, so the
 * browser can never run them itself (without the nonce, or twice); the client then runs each once.
 */
export const PENDING_SCRIPT_TYPE = "text/x-liveview-pending";
/** Keeps a parked script's original `type` (empty when it had none). */
export const PENDING_SCRIPT_TYPE_ATTR = "data-liveview-script-type";
/** Property of a revived script holding its frame's target, which its code gets as `el`. */
export const SCRIPT_TARGET_PROPERTY = "liveviewTarget";
/** Function property an inline script may set on its `el`: called before el's content goes. */
export const CLEANUP_PROPERTY = "__cleanup";
/** An element (with an id) that morphs leave as it is: a playing video, a running widget. */
export const PERMANENT_ATTR = "data-liveview-permanent";

/** Key of our entry in `history.state`. */
export const HISTORY_STATE_KEY = "liveview";
