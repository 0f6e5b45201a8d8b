"use strict";
// gongwen serve: what the start page and the editor share. Plain script,
// no framework and no build step: the server compiles these files in.

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** An element with attributes (`on…` are listeners) and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** A call to the server: `{ok, status, data}`; a lost server is a status of 0. */
async function api(method, url, body, signal) {
  const init = { method, headers: {}, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e && e.name === "AbortError") throw e;
    return { ok: false, status: 0, data: { error: "无法连接服务：gongwen serve 是否仍在运行？" } };
  }
  let data;
  try {
    data = await response.json();
  } catch (e) {
    data = { error: `服务返回了无法识别的内容（HTTP ${response.status}）` };
  }
  return { ok: response.ok, status: response.status, data };
}

let toastTimer = null;
/** A short message at the bottom of the window. */
function toast(message, kind = "info") {
  const box = $("#toast");
  box.textContent = message;
  box.className = "toast" + (kind === "error" ? " error" : "");
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, kind === "error" ? 8000 : 3500);
}

/** Fills the one dialog of the page and shows it; returns it. */
function showDialog(title, ...content) {
  const dialog = $("#dialog");
  dialog.replaceChildren(el("h2", { id: "dialog-title" }, title), ...content);
  if (!dialog.open) dialog.showModal();
  return dialog;
}

function closeDialog() {
  const dialog = $("#dialog");
  if (dialog.open) dialog.close();
}

function debounce(fn, ms) {
  let timer = null;
  const call = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}

/** 通过 / N 个警告 / N 个错误, as the start page and the editor say it. */
function statusText(status, errors, warnings) {
  if (status === "unreadable") return "无法读取";
  if (errors > 0) return `${errors} 个错误`;
  if (warnings > 0) return `${warnings} 个警告`;
  return "通过";
}

function editorUrl(path) {
  return "/edit?file=" + encodeURIComponent(path);
}

function downloadUrl(path) {
  return "/api/download?path=" + encodeURIComponent(path);
}

function baseName(path) {
  return path.split("/").pop();
}

document.addEventListener("DOMContentLoaded", () => {
  const file = new URLSearchParams(location.search).get("file");
  if (location.pathname === "/edit" && file) openEditor(file);
  else showStart();
});
