"use strict";
// The prose of the six sections and their numbered parts. Each text is a
// textarea over a copy of its text in which the marks are drawn: the
// sentences a finding quotes, and each {{path}} placeholder with its value.

const HEADING_NUMBER = {
  2: (n) => `（${chineseNumber(n)}）`,
  3: (n) => `${n}.`,
  4: (n) => `（${n}）`,
};

function chineseNumber(n) {
  const d = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  if (n < 10) return d[n];
  if (n < 20) return "十" + (n % 10 ? d[n % 10] : "");
  if (n < 100) return d[Math.floor(n / 10)] + "十" + (n % 10 ? d[n % 10] : "");
  return String(n);
}

/** Every prose input by id: {textarea, backdrop, refs}. */
const proseFields = new Map();
/** The marks of the last check by field id: [{start, end, severity}]. */
let proseMarks = new Map();
/** The report's numbers by figure path, for placeholders. */
let figureValues = {};

/** A textarea for one text, bound through get/set. */
function proseField(id, get, set, placeholder, onEdit) {
  const backdrop = el("div", { class: "hl", "aria-hidden": "true" });
  const textarea = el("textarea", { "data-field": id, placeholder, spellcheck: "false", rows: 2, "aria-label": placeholder });
  textarea.value = get();
  const refs = el("div", { class: "refs" });
  textarea.addEventListener("input", () => {
    set(textarea.value);
    paintField(id);
    onEdit();
  });
  proseFields.set(id, { textarea, backdrop, refs });
  const wrap = el("div", { class: "prose" }, backdrop, textarea);
  requestAnimationFrame(() => paintField(id));
  return [wrap, refs];
}

function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

/** Draws a field's marks and lists its placeholders with their values. */
function paintField(id) {
  const field = proseFields.get(id);
  if (!field || !field.textarea.isConnected) return;
  const text = field.textarea.value;
  const ranges = [];
  const used = [];
  const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;
  for (let m; (m = placeholder.exec(text));) {
    const known = Object.prototype.hasOwnProperty.call(figureValues, m[1]);
    ranges.push({ start: m.index, end: m.index + m[0].length, cls: known ? "ph" : "ph-bad" });
    used.push({ path: m[1], value: known ? figureValues[m[1]].text : null });
  }
  for (const mark of proseMarks.get(id) || []) ranges.push({ start: mark.start, end: mark.end, cls: mark.severity });
  // Split the text wherever a range starts or ends; each piece carries the
  // classes of the ranges covering it.
  const cuts = new Set([0, text.length]);
  for (const r of ranges) { cuts.add(Math.min(r.start, text.length)); cuts.add(Math.min(r.end, text.length)); }
  const points = Array.from(cuts).sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = escapeHtml(text.slice(a, b));
    const classes = ranges.filter((r) => r.start <= a && r.end >= b).map((r) => r.cls);
    html += classes.length ? `<mark class="${classes.join(" ")}">${piece}</mark>` : piece;
  }
  field.backdrop.innerHTML = html + "\n";
  grow(field.textarea);
  field.refs.replaceChildren(...(used.length
    ? ["引用：", ...used.flatMap((u, i) => [
      i ? "，" : "",
      el("code", {}, `{{${u.path}}}`),
      u.value === null ? el("span", { class: "bad" }, " 未知的引用") : ` = ${u.value}`,
    ])]
    : []));
}

function paintAllFields() {
  for (const id of proseFields.keys()) paintField(id);
}

/** Selects a sentence in its textarea. */
function showSentence(mark) {
  const field = proseFields.get(mark.field);
  if (!field) return false;
  const textarea = field.textarea;
  textarea.scrollIntoView({ block: "center", behavior: "smooth" });
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(mark.start, mark.end);
  return true;
}

/** The numbered parts of a section or part, with 删除 and 添加. */
function renderParts(prefix, parts, level, onEdit) {
  const box = el("div", { class: "parts", "data-parts": prefix });
  const redraw = () => {
    const fresh = renderParts(prefix, parts, level, onEdit);
    box.replaceWith(fresh);
    onEdit();
  };
  parts.forEach((part, i) => {
    const id = `${prefix}.parts.${i}`;
    const number = HEADING_NUMBER[level](i + 1);
    const heading = el("input", {
      class: "heading",
      value: part.heading,
      "data-heading": id,
      "aria-label": `${number} 标题`,
      placeholder: "标题（不写编号）",
    });
    heading.addEventListener("input", () => { part.heading = heading.value; onEdit(); });
    const remove = el("button", {
      type: "button",
      class: "del",
      "aria-label": `删除 ${number}${part.heading}`,
      onclick: () => {
        if (!confirm(`删除“${number}${part.heading}”及其全部内容？保存后才写入文件。`)) return;
        parts.splice(i, 1);
        redraw();
      },
    }, "删除");
    const [text, refs] = proseField(`${id}.text`, () => part.text, (v) => { part.text = v; }, `${number}的正文`, onEdit);
    const children = part.parts || (part.parts = []);
    const addChild = level < 4 && !children.length
      ? el("button", {
        type: "button",
        class: "del",
        "data-add": id,
        "aria-label": `在 ${number}${part.heading} 下添加 ${HEADING_NUMBER[level + 1](1)}`,
        onclick: () => {
          children.push({ origin: null, heading: "", text: "", parts: [] });
          redraw();
          document.querySelector(`[data-heading="${CSS.escape(`${id}.parts.0`)}"]`)?.focus();
        },
      }, `＋ 下一级 ${HEADING_NUMBER[level + 1](1)}`)
      : null;
    const node = el("div", { class: `part level-${level}`, "data-part": id },
      el("div", { class: "part-head" }, el("span", { class: "num" }, number), heading, addChild, remove),
      text, refs);
    if (level < 4 && children.length) node.append(renderParts(id, children, level + 1, onEdit));
    box.append(node);
  });
  const next = HEADING_NUMBER[level](parts.length + 1);
  box.append(el("div", { class: "adder" }, el("button", {
    type: "button",
    "data-add": prefix,
    onclick: () => {
      parts.push({ origin: null, heading: "", text: "", parts: [] });
      redraw();
      const added = document.querySelector(`[data-heading="${CSS.escape(`${prefix}.parts.${parts.length - 1}`)}"]`);
      if (added) added.focus();
    },
  }, `＋ 添加 ${next}`)));
  return box;
}

/** After a save the file holds the parts in the editor's order. */
function renumberOrigins(parts) {
  parts.forEach((part, i) => {
    part.origin = i;
    renumberOrigins(part.parts || []);
  });
}
