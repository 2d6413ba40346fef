// The document text with its layers: repair edits (hover or focus shows rule and before/after), entities
// coloured by label, and sentences that a click in the statements table can highlight.  The text is cut at
// every span boundary into segments; each segment becomes a text node inside spans, never HTML.

import { ZWNJ, append, clear, el, visible } from "./dom.js";

const INVISIBLE = /^[\u200c\u200b\u200d\ufeff\u00a0 \n\t]*$/;

/** Edits (offsets in the original) -> their spans in the repaired text, in order. */
export function repairedSpans(edits) {
  let delta = 0;
  return [...edits]
    .sort((a, b) => a.start - b.start)
    .map((edit) => {
      const start = edit.start + delta;
      delta += edit.after.length - (edit.end - edit.start);
      return { ...edit, start, end: start + edit.after.length, kind: "edit" };
    });
}

/** The original text, rebuilt from the repaired text and the edits: each `after` turned back into `before`. */
export function originalText(text, edits) {
  let out = "";
  let at = 0;
  for (const span of repairedSpans(edits)) {
    out += text.slice(at, span.start) + span.before;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Edits as spans of the original text, for the "original" view. */
export function originalSpans(edits) {
  return [...edits].sort((a, b) => a.start - b.start).map((edit) => ({ ...edit, kind: "edit" }));
}

function covering(spans, start, end) {
  // spans are few per segment; the pointer walk in render() keeps this cheap.
  for (const span of spans) if (span.start <= start && span.end >= end && span.end > span.start) return span;
  return null;
}

class Cursor {
  // Walks sorted spans alongside the segments: the candidates are those that may still cover a position.
  constructor(spans) {
    this.spans = [...spans].filter((s) => s.end >= s.start).sort((a, b) => a.start - b.start || b.end - a.end);
    this.next = 0;
    this.open = [];
  }
  at(start, end) {
    while (this.next < this.spans.length && this.spans[this.next].start <= start) {
      this.open.push(this.spans[this.next]);
      this.next += 1;
    }
    this.open = this.open.filter((span) => span.end > start);
    return covering(this.open, start, end);
  }
}

/**
 * Render `text` into `container`.  layers: {edits, entities, sentences} (spans in `text`); returns the
 * sentence elements by index, so the statements table can scroll to one.
 */
export function renderText(container, text, { edits = [], entities = [], sentences = [] } = {}) {
  clear(container);
  const cuts = new Set([0, text.length]);
  for (const span of [...edits, ...entities, ...sentences]) {
    cuts.add(Math.max(0, Math.min(text.length, span.start)));
    cuts.add(Math.max(0, Math.min(text.length, span.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const empty = new Map();
  edits.forEach((edit, index) => {
    if (edit.start === edit.end) empty.set(edit.start, [...(empty.get(edit.start) || []), index]);
  });
  const editIndex = new Map(edits.map((edit, index) => [edit, index]));
  const editCursor = new Cursor(edits);
  const entityCursor = new Cursor(entities);
  const sentenceCursor = new Cursor(sentences.map((s, index) => ({ ...s, index })));
  const sentenceNodes = new Map();
  const started = new Set();
  let holder = container;
  let holderSentence = null;

  const addMarkers = (at) => {
    for (const index of empty.get(at) || []) {
      holder.append(editMark(edits[index], index, "", true));
    }
    empty.delete(at);
  };

  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    if (start === end) continue;
    const sentence = sentenceCursor.at(start, end);
    if ((sentence ? sentence.index : null) !== holderSentence) {
      holderSentence = sentence ? sentence.index : null;
      holder = container;
      if (sentence) {
        holder = el("span", { class: "sent", dataset: { sentence: sentence.index } });
        container.append(holder);
        sentenceNodes.set(sentence.index, holder);
      }
    }
    addMarkers(start);
    const piece = text.slice(start, end);
    const edit = editCursor.at(start, end);
    const entity = entityCursor.at(start, end);
    let node = document.createTextNode(piece);
    if (edit) {
      const index = editIndex.get(edit);
      node = editMark(edit, index, piece, !started.has(index));
      started.add(index);
    }
    if (entity) {
      node = el("span", { class: `ent ${labelClass(entity.label)}`, dataset: { label: entity.label } }, node);
    }
    holder.append(node);
  }
  holder = container;
  addMarkers(text.length);
  for (const at of [...empty.keys()]) addMarkers(at);
  return sentenceNodes;
}

export function labelClass(label) {
  return `ent-${String(label).toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

function editMark(edit, index, piece, focusable) {
  const classes = ["edit"];
  if (piece === "") classes.push("edit-empty");
  else if (INVISIBLE.test(piece)) classes.push("edit-invisible");
  const mark = el("mark", {
    class: classes.join(" "),
    tabindex: focusable ? "0" : null,
    dataset: { edit: index },
    "aria-describedby": "edit-tip",
  });
  // A ZWNJ gets its own box so a half-space that the repair inserted can be seen.
  const parts = piece.split(ZWNJ);
  parts.forEach((part, i) => {
    if (i > 0) mark.append(el("span", { class: "zwnj" }, ZWNJ));
    if (part) mark.append(part);
  });
  return mark;
}

/** One tooltip for all edits: filled from the edit under the pointer or the keyboard focus. */
export function attachEditTips(container, tip, editsOf) {
  const show = (target) => {
    const mark = target instanceof Element ? target.closest("mark.edit") : null;
    if (!mark || !container.contains(mark)) return;
    const edit = editsOf()[Number(mark.dataset.edit)];
    if (!edit) return;
    clear(tip);
    append(
      tip,
      el("span", { class: "tip-rule" }, edit.rule),
      el("span", { class: "tip-change" },
        el("bdi", { class: "tip-before" }, `«${visible(edit.before)}»`),
        " ← ",
        el("bdi", { class: "tip-after" }, `«${visible(edit.after)}»`)),
      edit.source ? el("span", { class: "tip-source" }, edit.source) : null,
    );
    const box = mark.getBoundingClientRect();
    tip.hidden = false;
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(8, box.left + box.width / 2 - width / 2), window.innerWidth - width - 8);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  };
  const hide = () => {
    tip.hidden = true;
  };
  container.addEventListener("mouseover", (event) => show(event.target));
  container.addEventListener("mouseout", hide);
  container.addEventListener("focusin", (event) => show(event.target));
  container.addEventListener("focusout", hide);
  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
}
