/**
 * Putting server HTML into the page. Replacing morphs by default (idiomorph): nodes that match are
 * kept, so the element with focus keeps it, with its caret and what the user typed, and elements
 * other code holds on to survive. `morph: false` is a plain replace for markup that must be fresh.
 * Markup is parsed in a `<template>`, so fragments such as `<tr>` keep their tags and leading
 * `<style>` or `<meta>` are not dropped (both were bugs of Django LiveView's client's DOMParser parse).
 */
import { Idiomorph } from "idiomorph";
import { parkScripts, runParkedScripts } from "./scripts.ts";

/** Parses `html` into a fragment whose scripts are parked (see scripts.ts). */
function parseFragment(html: string, document: Document): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = template.content;
  parkScripts(fragment);
  return fragment;
}

/** Replaces the content of `target` with `html`, then runs the scripts it brought. */
export function replaceContent(
  target: Element,
  html: string,
  morph = true,
): void {
  const document = target.ownerDocument;
  const fragment = parseFragment(html, document);
  if (morph) {
    Idiomorph.morph(target, fragment, {
      morphStyle: "innerHTML",
      ignoreActiveValue: true,
      restoreFocus: true,
    });
  } else {
    target.replaceChildren(fragment);
  }
  runParkedScripts([target], document);
}

/** Adds `html` after the last child of `target`, then runs the scripts it brought. */
export function appendContent(target: Element, html: string): void {
  const document = target.ownerDocument;
  const fragment = parseFragment(html, document);
  const added = Array.from(fragment.childNodes);
  target.append(fragment);
  runParkedScripts(added, document);
}
