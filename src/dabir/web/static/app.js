// The page: a document in (pasted, dropped or chosen), its repaired text and record out, and the archive.

import { ApiError, api, faDigits, setToken } from "./dom.js";
import { renderHead, renderLegend, renderStatements, sentencesOf } from "./record.js";
import { attachEditTips, originalSpans, originalText, renderText, repairedSpans } from "./textview.js";
import { setupArchive } from "./archive.js";

const $ = (id) => document.getElementById(id);

const state = {
  file: null, // a File chosen or dropped; null when the textarea holds the document
  doc: null, // the last record shown: {text, edits, entities, sentences, statements, title, date}
  view: "repaired",
  sentenceNodes: new Map(),
  tokenRequired: false,
};

function setStatus(message, kind = "") {
  const status = $("status");
  status.textContent = message;
  status.className = `status ${kind}`;
}

function chooseFile(file) {
  state.file = file;
  $("file-name").textContent = `${file.name} (${faDigits(Math.ceil(file.size / 1024))} کیلوبایت)`;
  $("file-chip").hidden = false;
  $("doc-text").disabled = true;
}

function clearFile() {
  state.file = null;
  $("doc-file").value = "";
  $("file-chip").hidden = true;
  $("doc-text").disabled = false;
  $("doc-text").focus();
}

/** The request body for the current document: a multipart upload or JSON text. */
function documentBody() {
  if (state.file) {
    const form = new FormData();
    form.append("file", state.file, state.file.name);
    return { body: form, headers: {} };
  }
  const text = $("doc-text").value;
  if (!text.trim()) throw new ApiError(422, "متنی برای بررسی نیست؛ متن را بچسبانید یا فایلی انتخاب کنید.");
  return { body: JSON.stringify({ text }), headers: { "Content-Type": "application/json" } };
}

async function run() {
  setStatus("در حال بررسی…", "busy");
  try {
    const { body, headers } = documentBody();
    let doc;
    try {
      doc = await api("/api/extract", { method: "POST", body, headers });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 501) throw error;
      doc = await api("/api/repair", { method: "POST", body, headers }); // no extraction in this build
    }
    showDocument(doc);
    setStatus(`${faDigits(doc.edits.length)} ویرایش، ${faDigits((doc.statements || []).length)} گفته.`, "ok");
  } catch (error) {
    askForToken(error);
    setStatus(error.message, "error");
  }
}

/** A 401 means the server has a token and this page has not (or not the right one): show the field. */
function askForToken(error) {
  if (error.status === 401) {
    $("token-row").hidden = false;
    $("token").focus();
  }
}

async function ingest() {
  setStatus("در حال افزودن به بایگانی…", "busy");
  try {
    const { body, headers } = documentBody();
    const result = await api("/api/documents", { method: "POST", body, headers });
    const names = { ingested: "افزوده شد", duplicate: "پیش‌تر در بایگانی بود", unchanged: "بی‌تغییر", updated: "به‌روز شد" };
    setStatus(`سند ${faDigits(result.id)} ${names[result.status] || result.status}.`, "ok");
    if (result.record) showDocument(result.record);
  } catch (error) {
    askForToken(error);
    setStatus(error.message, "error");
  }
}

/** Show a record (from extract, repair, ingest or the archive) in the text and record sections. */
export function showDocument(doc) {
  state.doc = {
    text: doc.text,
    edits: doc.edits || [],
    entities: doc.entities || [],
    sentences: doc.sentences || [],
    statements: doc.statements || [],
    title: doc.title || null,
    date: doc.date || null,
    hasRecord: "sentences" in doc,
  };
  state.doc.original = originalText(doc.text, state.doc.edits);
  setView("repaired");
  $("result").hidden = false;
  $("edit-count").textContent = `${faDigits(state.doc.edits.length)} ویرایش`;
  $("record").hidden = !state.doc.hasRecord;
  if (state.doc.hasRecord) {
    renderHead({ title: $("doc-title"), date: $("doc-date") }, state.doc);
    renderStatements($("statements"), $("statement-count"), state.doc.statements, pickStatement);
    renderLegend($("legend"), state.doc.entities);
  }
}

function setView(view) {
  state.view = view;
  $("show-repaired").setAttribute("aria-pressed", String(view === "repaired"));
  $("show-original").setAttribute("aria-pressed", String(view === "original"));
  const doc = state.doc;
  const container = $("doc-view");
  container.classList.toggle("original", view === "original");
  if (view === "repaired") {
    doc.shownEdits = repairedSpans(doc.edits);
    state.sentenceNodes = renderText(container, doc.text, {
      edits: doc.shownEdits,
      entities: doc.entities,
      sentences: doc.sentences,
    });
  } else {
    doc.shownEdits = originalSpans(doc.edits);
    state.sentenceNodes = renderText(container, doc.original, { edits: doc.shownEdits });
  }
}

function pickStatement(statement, index) {
  if (state.view !== "repaired") setView("repaired");
  for (const node of document.querySelectorAll(".sent.picked")) node.classList.remove("picked");
  for (const row of document.querySelectorAll("#statements tr.picked")) row.classList.remove("picked");
  const row = document.querySelector(`#statements tr[data-statement="${index}"]`);
  if (row) row.classList.add("picked");
  const nodes = sentencesOf(statement, state.doc.sentences)
    .map((i) => state.sentenceNodes.get(i))
    .filter(Boolean);
  nodes.forEach((node) => node.classList.add("picked"));
  if (nodes.length) {
    nodes[0].scrollIntoView({ behavior: "smooth", block: "center" });
    nodes[0].setAttribute("tabindex", "-1");
    nodes[0].focus({ preventScroll: true });
  }
}

async function copyText() {
  const text = state.view === "original" ? state.doc.original : state.doc.text;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // No clipboard permission (e.g. plain http on another host): copy through a hidden textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  $("copy").textContent = "رونوشت شد ✓";
  setTimeout(() => {
    $("copy").textContent = "رونوشت";
  }, 1500);
}

function setupDrop() {
  const drop = $("drop");
  const stop = (event) => {
    event.preventDefault();
    event.stopPropagation();
  };
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      stop(event);
      drop.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    stop(event);
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) chooseFile(file);
    else if (event.dataTransfer) $("doc-text").value = event.dataTransfer.getData("text/plain");
  });
}

async function init() {
  $("doc-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  $("ingest").addEventListener("click", ingest);
  $("doc-file").addEventListener("change", (event) => {
    if (event.target.files[0]) chooseFile(event.target.files[0]);
  });
  $("file-clear").addEventListener("click", clearFile);
  $("show-repaired").addEventListener("click", () => setView("repaired"));
  $("show-original").addEventListener("click", () => setView("original"));
  $("copy").addEventListener("click", copyText);
  $("token").addEventListener("input", (event) => setToken(event.target.value));
  attachEditTips($("doc-view"), $("edit-tip"), () => (state.doc ? state.doc.shownEdits : []));
  setupDrop();
  setupArchive({ onOpen: showDocument, onOpened: () => $("result").scrollIntoView({ block: "start" }) });
  try {
    const health = await api("/api/health");
    state.tokenRequired = Boolean(health.token_required);
    $("token-row").hidden = !state.tokenRequired;
  } catch (error) {
    setStatus(error.message, "error");
  }
  document.body.dataset.ready = "true";
}

init();
