"use strict";
// The editor of one report: the sheet with its fields and tables, the
// findings beside it (updated as the clerk types), the preview of the
// pages, 保存 and 导出.

const E = {
  path: null, token: null, editable: false, syntax: null,
  state: null, template: null, result: null,
  dirty: false, checkSeq: 0, previewSeq: 0, tab: "findings", autoPreview: true,
};

async function openEditor(path) {
  E.path = path;
  document.title = `${baseName(path)} · 政府信息公开工作年度报告`;
  const { ok, data } = await api("GET", "/api/report?path=" + encodeURIComponent(path));
  if (!ok) {
    $("#main").replaceChildren(el("section", { class: "start" },
      el("h1", {}, "无法打开报告"),
      el("p", { class: "message error-text", role: "alert" }, data.error),
      el("p", {}, el("a", { href: "/" }, "返回报告列表"))));
    return;
  }
  Object.assign(E, {
    token: data.token, editable: data.editable, syntax: data.syntax,
    state: data.state, template: data.template, dirty: false, notes: data.notes || [],
  });
  renderEditor();
  applyResult(data.result);
}

function changed() {
  if (!E.dirty) {
    E.dirty = true;
    renderFileName();
  }
  scheduleCheck();
  if (E.tab === "preview" && E.autoPreview) schedulePreview();
}

function renderFileName() {
  $("#bar-file").replaceChildren(el("span", {}, el("strong", {}, E.path),
    E.editable ? null : el("span", { class: "note" }, "（只读）"),
    E.dirty ? el("span", { class: "dirty", id: "dirty" }, "● 未保存") : null));
}

function renderEditor() {
  renderFileName();
  const actions = [el("a", { class: "button", href: "/", id: "back" }, "← 报告列表")];
  if (E.editable) actions.push(el("button", { id: "save", class: "primary", onclick: () => save(false), title: "Ctrl+S" }, "保存"));
  actions.push(el("button", { id: "save-as", onclick: saveAsDialog }, "另存为 TOML"));
  // A document's edits live only in this page: it is exported once saved as TOML.
  if (E.editable) actions.push(el("button", { id: "export", onclick: exportDialog }, "导出 PDF/DOCX"));
  $("#bar-actions").replaceChildren(...actions);

  const sheet = el("div", { class: "sheet", id: "sheet" });
  if (!E.editable) {
    sheet.append(el("p", { class: "readonly-note" }, "这是导入的文档，只能读取，不能写回。可以在这里检查、修改和预览，然后用“另存为 TOML”保存为可编辑的报告，再导出。"));
    if (E.notes.length) {
      sheet.append(el("details", { class: "readonly-note", id: "import-notes", open: E.notes.some((n) => n.severity !== "说明") },
        el("summary", {}, `导入说明（${E.notes.length} 条，与 gongwen import 所列相同）`),
        el("ul", {}, ...E.notes.map((n) => el("li", { class: n.severity === "说明" ? "note" : "warn" }, `${n.severity}：${n.text}`)))));
    }
  }
  if (E.syntax === "json") {
    sheet.append(el("p", { class: "readonly-note" }, "JSON 报告保存时按标准格式重新写出（两格缩进，键按报告顺序）；需要注释时可“另存为 TOML”。"));
  }
  sheet.append(el("h1", { class: "doc-title", id: "doc-title" }, ""), renderMeta());
  const onEdit = changed;
  for (const section of E.template.sections) {
    const prose = E.state.sections[section.key] || (E.state.sections[section.key] = { text: "", parts: [] });
    const node = el("section", { class: "sec", id: `sec-${section.key}`, "aria-labelledby": `h-${section.key}` },
      el("h2", { id: `h-${section.key}` }, section.number + section.heading));
    const hasTable = E.template.tables.some((t) => t.section === section.key);
    const lead = proseField(`${section.key}.text`, () => prose.text, (v) => { prose.text = v; },
      hasTable ? "表格前的说明" : prose.parts.length ? "本节导语（写在各部分之前）" : `${section.heading}的正文`, onEdit);
    // A lead text the section may do without stays folded until asked for.
    if (!prose.text.trim() && (hasTable || prose.parts.length)) {
      const wrap = el("div", { hidden: true }, lead);
      const open = el("button", { type: "button", class: "link", "data-open-lead": section.key, onclick: () => {
        wrap.hidden = false;
        open.remove();
        paintField(`${section.key}.text`);
        proseFields.get(`${section.key}.text`).textarea.focus();
      } }, hasTable ? "＋ 表格前的说明" : "＋ 本节导语");
      node.append(open, wrap);
    } else {
      node.append(...lead);
    }
    for (const table of E.template.tables.filter((t) => t.section === section.key)) {
      node.append(renderTable(table, E.state.figures, onEdit));
      node.append(el("p", { class: "table-note" },
        el("span", { class: "swatch computed" }), "灰色斜体：文件中未填写的合计，由各项自动算出；填写后按填写的数检查。",
        el("span", { class: "swatch circle" }), "红圈：检查发现问题的单元格。"));
    }
    node.append(renderParts(section.key, prose.parts, 2, onEdit));
    sheet.append(node);
  }

  const side = el("aside", { class: "side", "aria-label": "检查与预览" },
    el("div", { class: "tabs", role: "tablist" },
      el("button", { role: "tab", id: "tab-findings", "aria-controls": "panel-findings", onclick: () => selectTab("findings") }, "检查结果"),
      el("button", { role: "tab", id: "tab-preview", "aria-controls": "panel-preview", onclick: () => selectTab("preview") }, "版面预览")),
    el("div", { class: "panel", id: "panel-findings", role: "tabpanel", "aria-labelledby": "tab-findings" }),
    el("div", { class: "panel", id: "panel-preview", role: "tabpanel", "aria-labelledby": "tab-preview", hidden: true },
      el("div", { class: "preview-tools" },
        el("button", { id: "refresh-preview", onclick: () => refreshPreview() }, "刷新预览"),
        el("label", {}, el("input", { type: "checkbox", id: "auto-preview", checked: true,
          onchange: (e) => { E.autoPreview = e.target.checked; } }), " 输入时自动更新"),
        el("span", { class: "state", id: "preview-state" }, "")),
      el("p", { class: "draft-note", id: "draft-note", hidden: true }, "报告有错误：预览与草稿导出一样，每页标有“草稿”。"),
      el("div", { class: "pages", id: "pages" })));
  $("#main").replaceChildren(el("div", { class: "editor" }, sheet, side));
  selectTab(E.tab);
}

function renderMeta() {
  const m = E.state.meta;
  const field = (key, label, attrs = {}) => {
    const input = el("input", { id: `meta-${key}`, "data-meta": key, ...attrs });
    input.value = m[key] || "";
    input.addEventListener("input", () => { m[key] = input.value; if (key === "title" || key === "agency" || key === "year") showTitle(); changed(); });
    return [el("label", { for: `meta-${key}` }, label), input];
  };
  return el("div", { class: "meta", role: "group", "aria-label": "报告信息" },
    ...field("agency", "发文机关", { class: "" }), ...field("year", "报告年度", { inputmode: "numeric" }),
    ...field("title", "标题", { class: "wide" }),
    ...field("signature", "署名", { placeholder: "可不填" }), ...field("date", "成文日期", { placeholder: "如 2026-01-20" }));
}

function showTitle() {
  const title = (E.state.meta.title || "").trim() || (E.result && E.result.default_title) || "";
  $("#doc-title").textContent = title;
  if (E.result) $("#meta-title").placeholder = `不填则为：${E.result.default_title}`;
}

function selectTab(tab) {
  E.tab = tab;
  for (const name of ["findings", "preview"]) {
    $(`#tab-${name}`).setAttribute("aria-selected", String(name === tab));
    $(`#panel-${name}`).hidden = name !== tab;
  }
  if (tab === "preview") refreshPreview();
}

const scheduleCheck = debounce(runCheck, 200);
const schedulePreview = debounce(() => refreshPreview(), 500);

async function runCheck() {
  const seq = ++E.checkSeq;
  $("#bar-status").replaceChildren(el("span", { class: "badge busy" }, "正在检查……"));
  const { ok, data } = await api("POST", "/api/check", { path: E.path, token: E.token, state: E.state });
  if (seq !== E.checkSeq) return;
  if (!ok) {
    $("#bar-status").replaceChildren(el("span", { class: "badge failed" }, "无法检查"));
    if (data.conflict) conflictDialog(data.error);
    else toast(data.error, "error");
    return;
  }
  applyResult(data);
}

/** Shows a check: values, circled cells, marked sentences, the list. */
function applyResult(result) {
  E.result = result;
  figureValues = result.values;
  showValues(result.values);
  clearCellMarks();
  $$(".meta input").forEach((i) => i.classList.remove("invalid"));
  $$(".sec").forEach((s) => s.classList.remove("flagged"));
  for (const f of result.findings) {
    flagCells(f.cells, f.severity);
    if (f.section && !f.cells.length && !f.marks.length) $(`#sec-${f.section}`)?.classList.add("flagged");
  }
  for (const e of result.edit_errors) {
    const td = cellOf(e.target);
    if (td) markInvalid(td, e.message);
    else if (e.target.startsWith("meta.")) $(`#meta-${e.target.slice(5)}`)?.classList.add("invalid");
    else cellsOfFigure(e.target).forEach((td) => markInvalid(td, e.message));
  }
  const input = result.input_error;
  if (input && input.key) {
    if (input.key.startsWith("report.")) $(`#meta-${input.key.slice(7)}`)?.classList.add("invalid");
    else cellsOfFigure(input.key).forEach((td) => markInvalid(td, input.detail));
  }
  proseMarks = new Map();
  for (const f of result.findings) {
    for (const m of f.marks) {
      if (!proseMarks.has(m.field)) proseMarks.set(m.field, []);
      proseMarks.get(m.field).push({ start: m.start, end: m.end, severity: f.severity });
    }
  }
  paintAllFields();
  showTitle();
  renderFindings(result);
}

function summaryOf(result) {
  const errors = result.errors;
  const warnings = result.warnings;
  const status = errors ? "failed" : warnings ? "warnings" : "ok";
  const text = errors ? `${errors} 个错误${warnings ? `，${warnings} 个警告` : ""}` : warnings ? `${warnings} 个警告` : "全部规则通过";
  return { status, text };
}

function renderFindings(result) {
  const { status, text } = summaryOf(result);
  $("#bar-status").replaceChildren(el("span", { class: `badge ${status}`, id: "status-badge" }, statusText(status, result.errors, result.warnings)));
  $("#tab-findings").textContent = `检查结果（${result.errors + result.warnings}）`;
  const items = [];
  for (const e of result.edit_errors) {
    const td = cellOf(e.target);
    const name = td ? $("input", td).getAttribute("aria-label") : e.target;
    items.push(findingItem("error", "填写", e.message, name, () => {
      if (!showCells([e.target])) $(`#meta-${e.target.slice(5)}`)?.focus();
    }));
  }
  if (result.input_error) {
    const ie = result.input_error;
    items.push(findingItem("error", "输入", ie.detail, ie.message, () => {
      if (ie.key && ie.key.startsWith("report.")) $(`#meta-${ie.key.slice(7)}`)?.focus();
      else if (ie.key) showCells(cellsOfFigure(ie.key).map((td) => $("input", td).dataset.path));
    }));
  }
  const ordered = [...result.findings.filter((f) => f.severity === "error"), ...result.findings.filter((f) => f.severity !== "error")];
  for (const f of ordered) {
    const message = f.message.startsWith(f.rule + " ") ? f.message.slice(f.rule.length + 1) : f.message;
    items.push(findingItem(f.severity, f.rule, message, f.place, () => {
      if (f.cells.length && showCells(f.cells)) return;
      if (f.marks.length && showSentence(f.marks[0])) return;
      if (f.section) $(`#sec-${f.section}`)?.scrollIntoView({ block: "start", behavior: "smooth" });
    }));
  }
  const previous = result.previous
    ? `跨年度检查（R5、R6）对照同一文件夹中的 ${result.previous}。`
    : "文件夹中没有同一机关上一年度的报告，未做跨年度检查（R5、R6）。";
  $("#panel-findings").replaceChildren(
    el("p", { class: `summary ${status}`, id: "summary" }, status === "ok" ? "✓ " + text : text),
    el("p", { class: "note" }, previous, " 点击一条问题，跳到它所指的单元格或句子。"),
    items.length ? el("ul", { class: "findings", id: "findings" }, items) : el("p", { class: "note" }, "没有发现问题。"));
}

function findingItem(severity, rule, message, place, onclick) {
  return el("li", { class: severity, "data-rule": rule },
    el("button", { type: "button", onclick },
      el("span", { class: "sev" }, severity === "error" ? "错误" : "警告"),
      el("span", { class: "rule" }, rule),
      el("span", { class: "msg" }, message),
      place ? el("span", { class: "place" }, place) : null));
}

async function refreshPreview() {
  const seq = ++E.previewSeq;
  const state = $("#preview-state");
  state.textContent = "正在排版……";
  const { ok, data } = await api("POST", "/api/preview", { path: E.path, token: E.token, state: E.state });
  if (seq !== E.previewSeq) return;
  if (!ok) {
    state.textContent = data.error;
    return;
  }
  const pages = $("#pages");
  pages.innerHTML = data.pages.join("");
  $("#draft-note").hidden = !data.draft;
  state.textContent = `共 ${data.pages.length} 页（排版 ${(data.micros / 1000).toFixed(0)} 毫秒）`;
}

async function save(force) {
  const { ok, status, data } = await api("POST", "/api/save", { path: E.path, token: E.token, state: E.state, force });
  if (!ok) {
    if (status === 409 && data.conflict) conflictDialog(data.error);
    else toast(data.error, "error");
    return false;
  }
  E.token = data.token;
  E.dirty = false;
  for (const prose of Object.values(E.state.sections)) renumberOrigins(prose.parts);
  renderFileName();
  toast(data.written ? `已保存 ${E.path}` : "文件已是最新，无需写入");
  return true;
}

function conflictDialog(message) {
  showDialog("文件已被修改", el("p", { class: "error" }, message),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: closeDialog }, "取消"),
      el("button", { type: "button", id: "reload", onclick: () => { E.dirty = false; location.reload(); } }, "重新载入（放弃本页修改）"),
      E.editable ? el("button", { type: "button", class: "danger", id: "overwrite", onclick: async () => { if (await save(true)) closeDialog(); } }, "仍然覆盖保存") : null));
}

function exportDialog() {
  const draft = el("input", { type: "checkbox", id: "export-draft" });
  const ofd = el("input", { type: "checkbox", id: "export-ofd" });
  const result = el("div", { id: "export-result", role: "status" });
  const stem = E.path.replace(/\.[^./]+$/, "");
  const go = el("button", { type: "button", class: "primary", id: "export-go", onclick: async () => {
    go.disabled = true;
    result.replaceChildren(el("p", { class: "note" }, "正在导出……"));
    if (E.dirty && E.editable && !(await save(false))) {
      result.replaceChildren(el("p", { class: "error" }, "保存失败，未导出。"));
      go.disabled = false;
      return;
    }
    const { ok, data } = await api("POST", "/api/export", { path: E.path, token: E.token, draft: draft.checked, ofd: ofd.checked });
    go.disabled = false;
    if (!ok) {
      const list = (data.findings || []).filter((f) => f.severity === "error")
        .map((f) => el("li", {}, `${f.rule} ${f.message}`));
      result.replaceChildren(el("p", { class: "error", id: "export-error" }, data.error), list.length ? el("ul", {}, list) : null);
      if (data.conflict) conflictDialog(data.error);
      return;
    }
    result.replaceChildren(
      el("p", {}, data.draft ? "已导出草稿（每页标有“草稿”）：" : "已导出："),
      el("div", { class: "files", id: "export-files" }, data.files.map((f) =>
        el("a", { href: downloadUrl(f.path), download: baseName(f.path) }, `下载 ${f.path}（${Math.round(f.bytes / 1024)} KB）`))),
      ...(data.notes || []).map((n) => el("p", { class: "note export-note" }, n)));
  } }, E.dirty ? "保存并导出" : "导出");
  showDialog("导出 PDF 和 DOCX",
    el("p", {}, `写在报告旁边：${stem}.pdf 和 ${stem}.docx，与命令 gongwen export 的结果完全相同。`,
      E.dirty ? "本页有未保存的修改，将先保存。" : ""),
    el("p", {}, el("label", {}, draft, " 草稿：有错误也导出，每页标注“草稿”，供审阅")),
    el("p", {}, el("label", {}, ofd, ` 另导出 OFD（${stem}.ofd，GB/T 33190 版式文档，供电子公文系统和归档）`)),
    result,
    el("div", { class: "actions" }, el("button", { type: "button", onclick: closeDialog }, "关闭"), go));
}

function saveAsDialog() {
  const stem = baseName(E.path).replace(/\.[^.]+$/, "");
  const folder = E.path.includes("/") ? E.path.slice(0, E.path.lastIndexOf("/") + 1) : "";
  const name = el("input", { id: "save-as-name", value: `${folder}${stem}${E.syntax === "toml" ? "-副本" : ""}.toml` });
  const error = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "grid", method: "dialog" },
    el("label", { for: "save-as-name" }, "文件名"), name,
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: closeDialog }, "取消"),
      el("button", { type: "submit", class: "primary" }, "保存")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, data } = await api("POST", "/api/import", { path: E.path, token: E.token, state: E.state, name: name.value });
    if (!ok) {
      error.textContent = data.error;
      return;
    }
    E.dirty = false;
    location.href = editorUrl(data.path);
  });
  showDialog("另存为 TOML", el("p", { class: "note" }, "写成带注释的 TOML 报告（与 gongwen new 的格式相同），不改动原文件。"), form, error);
  name.focus();
}

window.addEventListener("beforeunload", (event) => {
  if (E.dirty) {
    event.preventDefault();
    event.returnValue = "";
  }
});

document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s" && E.state) {
    event.preventDefault();
    if (E.editable) save(false);
  }
});
