"use strict";
// The start page: the reports of the folder with their status, 新建 and 打开.

async function showStart() {
  document.title = "报告列表 · 政府信息公开工作年度报告";
  $("#bar-file").replaceChildren();
  $("#bar-status").replaceChildren();
  $("#bar-actions").replaceChildren(
    el("button", { id: "new-report", class: "primary", onclick: newReportDialog }, "新建报告"),
    el("button", { id: "refresh", onclick: showStart }, "刷新"),
  );
  const main = $("#main");
  main.replaceChildren(el("p", { class: "loading" }, "正在检查文件夹中的报告……"));
  const { ok, data } = await api("GET", "/api/reports");
  if (!ok) {
    main.replaceChildren(el("p", { class: "empty" }, data.error));
    return;
  }
  const rows = data.reports.map((r) => {
    const name = el("a", { href: editorUrl(r.path) }, r.path);
    const status = el("span", { class: "badge " + r.status }, statusText(r.status, r.errors, r.warnings));
    const warningsToo = r.errors > 0 && r.warnings > 0 ? el("span", { class: "note" }, ` 另有 ${r.warnings} 个警告`) : null;
    return el("tr", { "data-path": r.path },
      el("td", { class: "file" }, name, r.editable ? null : el("span", { class: "note" }, "（只读）"),
        r.message ? el("span", { class: "message" }, r.message) : null),
      el("td", {}, r.agency || "—"),
      el("td", {}, r.year ? `${r.year}` : "—"),
      el("td", { class: "status" }, status, warningsToo),
      el("td", { class: "outputs" }, r.outputs.length
        ? r.outputs.map((o) => el("a", { href: downloadUrl(o), download: baseName(o) }, o.endsWith(".pdf") ? "PDF" : "DOCX"))
        : el("span", { class: "note" }, "未导出")),
      el("td", {}, el("a", { class: "button", href: editorUrl(r.path), "aria-label": `打开 ${r.path}` }, "打开")),
    );
  });
  const table = rows.length
    ? el("table", { class: "list" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "文件"), el("th", { scope: "col" }, "发文机关"), el("th", { scope: "col" }, "年度"),
        el("th", { scope: "col" }, "检查结果"), el("th", { scope: "col" }, "已导出"), el("th", { scope: "col" }, "操作"))),
      el("tbody", {}, rows))
    : el("p", { class: "empty" }, "这个文件夹中还没有报告（.toml 或 .json）。点击“新建报告”开始填写。");
  main.replaceChildren(el("section", { class: "start", "aria-labelledby": "start-title" },
    el("h1", { id: "start-title" }, "报告列表"),
    el("p", { class: "folder" }, "文件夹：", data.folder),
    el("p", { class: "note" }, "检查结果与命令 gongwen check 相同；同一机关上一年度的报告在同一文件夹中时，一并做跨年度检查（R5、R6）。"),
    table,
    data.reports.length >= data.limit ? el("p", { class: "note" }, `只列出前 ${data.limit} 个文件。`) : null,
  ));
}

function newReportDialog() {
  const year = new Date().getFullYear() - 1;
  const agency = el("input", { id: "new-agency", name: "agency", required: true, maxlength: 200, autocomplete: "organization" });
  const yearInput = el("input", { id: "new-year", name: "year", required: true, inputmode: "numeric", value: year, size: 6 });
  const name = el("input", { id: "new-name", name: "name", required: true, value: `${year}.toml` });
  let nameTouched = false;
  name.addEventListener("input", () => { nameTouched = true; });
  const suggest = () => {
    if (!nameTouched) name.value = `${agency.value.trim()}${yearInput.value.trim()}年.toml`.replace(/[\/\\:*?"<>|]/g, "");
  };
  agency.addEventListener("input", suggest);
  yearInput.addEventListener("input", suggest);
  const error = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "grid", method: "dialog" },
    el("label", { for: "new-agency" }, "发文机关"), agency,
    el("label", { for: "new-year" }, "报告年度"), yearInput,
    el("label", { for: "new-name" }, "文件名"), name,
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: closeDialog }, "取消"),
      el("button", { type: "submit", class: "primary", id: "new-create" }, "新建")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const y = Number(yearInput.value.trim());
    if (!Number.isInteger(y)) {
      error.textContent = "报告年度应为数字，如 2025";
      return;
    }
    const { ok, data } = await api("POST", "/api/new", { name: name.value, agency: agency.value, year: y });
    if (!ok) {
      error.textContent = data.error;
      return;
    }
    closeDialog();
    location.href = editorUrl(data.path);
  });
  showDialog("新建报告", el("p", { class: "note" }, "按国办公开办函〔2021〕30号格式生成一份完整的报告文件（与 gongwen new 相同），然后在本页填写。"), form, error);
  agency.focus();
}
