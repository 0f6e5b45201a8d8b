"use strict";
// The official tables, drawn from the template's grid exactly as the
// document builder walks it: the same labels, the same merged cells, one
// input per printed number.

/** A template table as an HTML table of inputs bound to `figures`. */
function renderTable(table, figures, onEdit) {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const colgroup = el("colgroup", {}, table.widths.map(() => el("col")));
  $$("col", colgroup).forEach((col, i) => { col.style.width = `${(100 * table.widths[i]) / total}%`; });
  const rows = [];
  for (let r = 0; r < table.rows; r++) rows.push(el("tr"));
  for (const slot of table.slots) {
    const span = { rowspan: slot.rowspan > 1 ? slot.rowspan : null, colspan: slot.colspan > 1 ? slot.colspan : null };
    let cell;
    if (slot.path) {
      const values = figures[slot.figure] || (figures[slot.figure] = []);
      const input = el("input", {
        type: "text",
        inputmode: "numeric",
        autocomplete: "off",
        spellcheck: "false",
        "data-path": slot.path,
        "data-row": slot.row,
        "data-col": slot.col,
        "aria-label": slot.name,
        title: slot.name,
      });
      input.value = values[slot.index] || "";
      input.addEventListener("input", () => {
        values[slot.index] = input.value;
        onEdit(slot);
      });
      input.addEventListener("keydown", moveInTable);
      cell = el("td", { class: "num", ...span }, input);
    } else if (slot.role === "header") {
      cell = el("th", { class: "head", scope: slot.rowspan > 1 || slot.colspan > 1 ? null : "col", ...span }, slot.text);
    } else {
      cell = el("th", { class: "label", scope: "row", ...span }, slot.text);
    }
    rows[slot.row].append(cell);
  }
  const head = el("thead", {}, rows.slice(0, table.header_rows));
  const body = el("tbody", {}, rows.slice(table.header_rows));
  const html = el("table", { class: "official" + (table.text_size < 12 ? " small" : ""), "data-section": table.section }, colgroup, head, body);
  return el("div", { class: "table-wrap" }, html);
}

/** ↑ and ↓ (and Enter) move to the same column of the row above or below. */
function moveInTable(event) {
  const input = event.target;
  const down = event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey);
  const up = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey);
  if (!down && !up) return;
  const table = input.closest("table");
  const row = Number(input.dataset.row);
  const col = Number(input.dataset.col);
  const inputs = $$("input[data-path]", table);
  const candidates = inputs
    .filter((i) => (down ? Number(i.dataset.row) > row : Number(i.dataset.row) < row))
    .sort((a, b) => (down ? 1 : -1) * (Number(a.dataset.row) - Number(b.dataset.row))
      || Math.abs(Number(a.dataset.col) - col) - Math.abs(Number(b.dataset.col) - col));
  const next = candidates.find((i) => Number(i.dataset.col) === col) || candidates[0];
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
}

/** The cell of a figure path, if the editor shows it. */
function cellOf(path) {
  const input = document.querySelector(`input[data-path="${CSS.escape(path)}"]`);
  return input ? input.parentElement : null;
}

/** Every cell of a figure (a row's cells, or its one cell). */
function cellsOfFigure(key) {
  return $$("input[data-path]").filter((i) => i.dataset.path === key || i.dataset.path.startsWith(key + "."))
    .map((i) => i.parentElement);
}

/** Shows each number as the report resolves it: a blank total greyed with
 *  its computed value, a blank row with its zeros. */
function showValues(values) {
  for (const input of $$("table.official input[data-path]")) {
    const td = input.parentElement;
    const value = values[input.dataset.path];
    const blank = input.value.trim() === "";
    td.classList.toggle("computed", blank && !!value && value.origin === "computed");
    td.classList.toggle("omitted", blank && !!value && value.origin === "omitted");
    input.placeholder = blank && value ? value.text : "";
    const name = input.getAttribute("aria-label");
    if (blank && value && value.origin === "computed") input.title = `${name}：未填写，自动合计为 ${value.text}（填写后按填写的数检查）`;
    else if (blank && value) input.title = `${name}：未填写，按 0 计`;
    else input.title = name;
  }
}

/** Clears the marks of the previous check from every cell. */
function clearCellMarks() {
  for (const td of $$("table.official td.num")) {
    td.classList.remove("flag-error", "flag-warning", "invalid");
    delete td.dataset.message;
  }
}

/** Circles the cells of a finding. */
function flagCells(paths, severity) {
  for (const path of paths) {
    const td = cellOf(path);
    if (!td) continue;
    if (severity === "error") td.classList.remove("flag-warning");
    if (severity === "error" || !td.classList.contains("flag-error")) td.classList.add("flag-" + severity);
  }
}

/** Marks an input that cannot be written as typed. */
function markInvalid(td, message) {
  td.classList.add("invalid");
  td.dataset.message = message;
  const input = $("input", td);
  if (input) input.title = `${input.getAttribute("aria-label")}：${message}`;
}

/** Scrolls to the cells and lets them light up once. */
function showCells(paths) {
  const cells = paths.map(cellOf).filter(Boolean);
  if (!cells.length) return false;
  cells[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const td of cells) {
    td.classList.remove("pulse");
    void td.offsetWidth;
    td.classList.add("pulse");
  }
  const input = $("input", cells[0]);
  if (input) input.focus({ preventScroll: true });
  return true;
}
