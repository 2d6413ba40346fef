// Small helpers shared by the page's modules: building DOM from text (never HTML), Persian numbers and dates,
// and the API client.  User content only ever reaches the page through textContent.

export const ZWNJ = "\u200c";

/** el("p", {class: "x", dataset: {a: "1"}}, "text", child): an element; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

export function faDigits(value) {
  return String(value).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/** Persian and Arabic-Indic digits -> Latin, so dates typed in either script reach the API alike. */
export function latinDigits(value) {
  return String(value)
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

const JALALI_MONTHS = [
  "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
];
const GREGORIAN_MONTHS = [
  "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
  "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
];

function isoParts(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? match.slice(1).map(Number) : null;
}

/** "1402-03-31" -> "۳۱ خرداد ۱۴۰۲" */
export function jalaliText(iso) {
  const parts = isoParts(iso);
  if (!parts || parts[1] < 1 || parts[1] > 12) return iso || "";
  return faDigits(`${parts[2]} ${JALALI_MONTHS[parts[1] - 1]} ${parts[0]}`);
}

/** "2023-06-21" -> "۲۱ ژوئن ۲۰۲۳" */
export function gregorianText(iso) {
  const parts = isoParts(iso);
  if (!parts || parts[1] < 1 || parts[1] > 12) return iso || "";
  return faDigits(`${parts[2]} ${GREGORIAN_MONTHS[parts[1] - 1]} ${parts[0]}`);
}

/** Invisible characters of an edit made visible: ZWNJ as ‹نیم‌فاصله›, newline as ⏎, edge spaces as ‹فاصله›. */
export function visible(text) {
  if (text === "") return "‹هیچ›";
  return text
    .replaceAll(ZWNJ, "‹نیم‌فاصله›")
    .replaceAll("\n", "⏎")
    .replaceAll("\t", "⇥")
    .replaceAll("\u200b", "‹ZWSP›")
    .replaceAll("\ufeff", "‹BOM›")
    .replaceAll("\u00a0", "‹NBSP›")
    .replaceAll("\r", "‹CR›")
    .replace(/^ +| +$/g, (spaces) => "‹فاصله›".repeat(spaces.length));
}

export class ApiError extends Error {
  constructor(status, message, code = "") {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// The server's errors are one English line for logs and scripts; the page leads with a Persian sentence.
const ERROR_NAMES = {
  payload_too_large: "سند بزرگ‌تر از اندازهٔ مجاز است",
  unsupported_type: "این نوع فایل خوانده نمی‌شود (txt، html، pdf یا docx)",
  binary_data: "این فایل متن نیست",
  undecodable_text: "متن این فایل خوانا نیست",
  empty_input: "سند خالی است",
  unauthorized: "کلید دسترسی لازم است",
  invalid_date: "تاریخ نادرست است",
  empty_query: "واژه‌ای برای جستجو یا یک پالایه بنویسید",
  not_found: "پیدا نشد",
};

let accessToken = "";

/** The token the user typed (when the server has DABIR_TOKEN set); every API call then carries it. */
export function setToken(token) {
  accessToken = String(token || "").trim();
}

/** fetch() returning parsed JSON, or throwing ApiError with the server's one-line message. */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  let response;
  if (accessToken) headers = { ...headers, Authorization: `Bearer ${accessToken}` };
  try {
    response = await fetch(path, { method, body, headers });
  } catch (error) {
    throw new ApiError(0, "سرور در دسترس نیست.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    const detail = data && typeof data.message === "string" ? data.message : response.statusText;
    const code = data && typeof data.error === "string" ? data.error : "";
    const lead = ERROR_NAMES[code];
    throw new ApiError(response.status, lead ? `${lead}. (${detail})` : detail, code);
  }
  return data;
}
