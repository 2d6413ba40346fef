// The archive: a search form with speaker/entity/Jalali-date filters, results with the hits marked, and
// "open" to show a stored document in the text and record sections.

import { api, clear, el, faDigits, gregorianText, jalaliText, latinDigits } from "./dom.js";

const $ = (id) => document.getElementById(id);

/** "۱۴۰۲/۳/۱" -> "1402-03-01"; other text is passed on for the server to judge. */
export function jalaliParam(value) {
  const latin = latinDigits(value.trim());
  const match = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(latin);
  if (!match) return latin;
  return `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
}

/** The snippet as text nodes with <mark> around each highlighted [start, end). */
export function markedSnippet(snippet, highlights) {
  const node = el("p", { class: "snippet" });
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    node.append(snippet.slice(at, start), el("mark", { class: "hit" }, snippet.slice(start, end)));
    at = end;
  }
  node.append(snippet.slice(at));
  return node;
}

function dateLine(date) {
  if (!date || (!date.jalali && !date.gregorian)) return null;
  const parts = [];
  if (date.jalali) parts.push(jalaliText(date.jalali));
  if (date.gregorian) parts.push(gregorianText(date.gregorian));
  return el("p", { class: "date" }, parts.join(" · "));
}

function resultItem(hit, open) {
  const statements = (hit.statements || []).slice(0, 3).map((s) =>
    el("li", {}, el("strong", {}, s.canonical || s.speaker || ""), `: ${s.content || ""}`),
  );
  return el(
    "li",
    { class: "result", dataset: { id: hit.id } },
    el("h3", {}, el("button", { type: "button", class: "linkish", onclick: () => open(hit.id) },
      hit.title || `سند ${faDigits(hit.id)}`)),
    dateLine(hit.date),
    markedSnippet(hit.snippet || "", hit.highlights || []),
    statements.length ? el("ul", { class: "hit-statements" }, statements) : null,
  );
}

/** Under a date field, what the typed date means in both calendars (or why it is not a date). */
function explainDates() {
  for (const [inputId, outputId] of [["f-from", "from-as"], ["f-to", "to-as"]]) {
    const input = $(inputId);
    const output = $(outputId);
    let timer = null;
    const explain = async () => {
      const value = input.value.trim();
      output.classList.remove("error");
      if (!value) {
        output.textContent = "";
        return;
      }
      try {
        const date = await api(`/api/date?${new URLSearchParams({ text: jalaliParam(value) })}`);
        if (input.value.trim() !== value) return; // typed on meanwhile
        output.textContent = `${jalaliText(date.jalali)} = ${gregorianText(date.gregorian)}`;
      } catch (error) {
        output.textContent = error.message;
        output.classList.add("error");
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(explain, 350);
    });
    input.addEventListener("change", explain);
  }
}

export function setupArchive({ onOpen, onOpened }) {
  explainDates();
  const form = $("search-form");
  const status = $("search-status");
  const results = $("results");
  const say = (message, kind = "") => {
    status.textContent = message;
    status.className = `status ${kind}`;
  };

  const open = async (id) => {
    say("در حال باز کردن سند…", "busy");
    try {
      const stored = await api(`/api/documents/${encodeURIComponent(id)}`);
      onOpen(stored.record);
      say(`سند ${faDigits(id)} باز شد.`, "ok");
      onOpened();
    } catch (error) {
      say(error.message, "error");
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ["q", "speaker", "entity"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    for (const name of ["from", "to"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, jalaliParam(value));
    }
    if (![...params.keys()].length) {
      say("واژه‌ای برای جستجو یا یک پالایه بنویسید.", "error");
      form.elements.q.focus();
      return;
    }
    say("در حال جستجو…", "busy");
    clear(results);
    try {
      const data = await api(`/api/search?${params}`);
      const hits = data.results || [];
      hits.forEach((hit) => results.append(resultItem(hit, open)));
      say(hits.length ? `${faDigits(hits.length)} نتیجه.` : "نتیجه‌ای پیدا نشد.", hits.length ? "ok" : "");
    } catch (error) {
      say(error.message, "error");
    }
  });
}
