/**
 * Putting server HTML into the page. Replacing morphs by default (idiomorph): nodes that match are
 * kept, so the element with focus keeps it, with its caret and what the user typed, and elements
 * other code holds on to survive; a `data-liveview-permanent` element is not morphed at all (it
 * needs an id to be matched). `morph: false` is a plain replace for markup that must be fresh.
 * Markup is parsed in a `<template>`, so fragments such as `<tr>` keep their tags and leading
 * `<style>` or `<meta>` are not dropped (both were bugs of Django LiveView's client's DOMParser parse).
 */
import { Idiomorph } from "idiomorph";
import { CLEANUP_PROPERTY, PERMANENT_ATTR } from "./attributes.ts";
import { parkScripts, runParkedScripts } from "./scripts.ts";

/** Parses `html` into a fragment whose scripts are parked (see scripts.ts). */
function parseFragment(html: string, document: Document): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = template.content;
  parkScripts(fragment);
  return fragment;
}

/**
 * Runs the `el.__cleanup()` an inline script left on `target` (stopping its timers and listeners)
 * before the content it set up goes; it runs once.
 */
export function cleanUp(target: Element): void {
  const holder = target as Element & Record<string, unknown>;
  const cleanup = holder[CLEANUP_PROPERTY];
  delete holder[CLEANUP_PROPERTY];
  if (typeof cleanup === "function") cleanup.call(target);
}

const isMorphable = (node: Node): boolean =>
  !(node as Element).hasAttribute?.(PERMANENT_ATTR);

/** Replaces the content of `target` with `html`, then runs the scripts it brought. */
export function replaceContent(
  target: Element,
  html: string,
  morph = true,
): void {
  const document = target.ownerDocument;
  const fragment = parseFragment(html, document);
  cleanUp(target);
  if (morph) {
    Idiomorph.morph(target, fragment, {
      morphStyle: "innerHTML",
      ignoreActiveValue: true,
      callbacks: {
        beforeNodeMorphed: isMorphable,
        // A widget whose container a morph drops (a parent was re-rendered) stops too.
        beforeNodeRemoved: (node) => {
          cleanUp(node);
          return true;
        },
      },
    });
  } else {
    target.replaceChildren(fragment);
  }
  runParkedScripts([target], target);
}

/** Adds `html` after the last child of `target`, then runs the scripts it brought. */
export function appendContent(target: Element, html: string): void {
  const document = target.ownerDocument;
  const fragment = parseFragment(html, document);
  const added = Array.from(fragment.childNodes);
  target.append(fragment);
  runParkedScripts(added, target);
}
