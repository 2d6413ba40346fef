// The record of a document: title, date in both calendars, the statements table (a row scrolls the text to
// its sentence) and the legend of entity labels.  Everything is built with textContent.

import { clear, el, faDigits, gregorianText, jalaliText } from "./dom.js";
import { labelClass } from "./textview.js";

const LABEL_NAMES = {
  PER: "شخص", PERSON: "شخص", ORG: "سازمان", ORGANIZATION: "سازمان", LOC: "مکان", LOCATION: "مکان",
  GPE: "کشور و شهر", FAC: "بنا", EVENT: "رویداد", DATE: "تاریخ", TIME: "زمان", MONEY: "پول",
  PERCENT: "درصد", PRO: "محصول", NORP: "گروه",
};
const KIND_NAMES = { direct: "مستقیم", reported: "غیرمستقیم", according_to: "به گفتهٔ" };

export function labelName(label) {
  return LABEL_NAMES[String(label).toUpperCase()] || label;
}

/** Title and date of `doc` into the given elements; hides what the record does not have. */
export function renderHead({ title, date }, doc) {
  title.textContent = doc.title && doc.title.text ? doc.title.text : "بی‌عنوان";
  clear(date);
  const value = doc.date;
  if (!value) {
    date.append(el("span", { class: "muted" }, "تاریخی پیدا نشد"));
    return;
  }
  if (value.jalali) {
    date.append(el("time", { datetime: value.gregorian || "", class: "jalali" }, jalaliText(value.jalali)));
  }
  if (value.gregorian) {
    date.append(
      el("span", { class: "sep", "aria-hidden": "true" }, " · "),
      el("time", { datetime: value.gregorian, class: "gregorian" }, gregorianText(value.gregorian)),
      " ",
      el("bdi", { class: "iso", dir: "ltr" }, `(${value.gregorian})`),
    );
  }
  if (!value.jalali && !value.gregorian) date.append(value.text);
  if (value.valid === false) date.append(el("span", { class: "warn" }, ` — ${value.problem || "تاریخ نامعتبر"}`));
}

/** The statements table; `onPick(statement, index)` runs when a row is chosen (click, Enter or Space). */
export function renderStatements(table, count, statements, onPick) {
  const body = table.tBodies[0] || table.appendChild(document.createElement("tbody"));
  clear(body);
  count.textContent = faDigits(statements.length);
  if (!statements.length) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: "4" }, "گفته‌ای پیدا نشد.")));
    return;
  }
  statements.forEach((statement, index) => {
    const speaker = statement.speaker || {};
    const pick = () => onPick(statement, index);
    const row = el(
      "tr",
      { dataset: { statement: index } },
      el("td", { class: "num" }, faDigits(index + 1)),
      el(
        "td",
        { class: "speaker" },
        el("button", { type: "button", class: "linkish", onclick: pick }, speaker.canonical || speaker.text || "؟"),
        speaker.text && speaker.text !== speaker.canonical ? el("small", {}, speaker.text) : null,
      ),
      el(
        "td",
        { class: "verb" },
        statement.verb_text || statement.verb || "",
        statement.kind ? el("small", {}, KIND_NAMES[statement.kind] || statement.kind) : null,
      ),
      el("td", { class: "content" }, statement.content ? statement.content.text : ""),
    );
    row.addEventListener("click", (event) => {
      if (!(event.target instanceof HTMLButtonElement)) pick();
    });
    body.append(row);
  });
}

/** The legend: one entry per label, with its colour and how many entities carry it. */
export function renderLegend(legend, entities) {
  clear(legend);
  const counts = new Map();
  for (const entity of entities) counts.set(entity.label, (counts.get(entity.label) || 0) + 1);
  if (!counts.size) {
    legend.append(el("li", { class: "muted" }, "موجودیتی پیدا نشد."));
    return;
  }
  for (const [label, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    legend.append(
      el(
        "li",
        {},
        el("span", { class: `swatch ent ${labelClass(label)}`, "aria-hidden": "true" }, "\u00a0"),
        `${labelName(label)} `,
        el("bdi", { class: "code", dir: "ltr" }, label),
        ` (${faDigits(n)})`,
      ),
    );
  }
}

/** The sentences a statement's span touches (indices), so the text can highlight them. */
export function sentencesOf(statement, sentences) {
  const found = [];
  sentences.forEach((sentence, index) => {
    if (sentence.start < statement.end && sentence.end > statement.start) found.push(index);
  });
  return found;
}
