"""Drives `gongwen serve` in a real browser (Debian's chromium through
chromedriver and Selenium), as a clerk would use it, and checks what is on
the page and on disk.

    python3 serve_browser.py URL DIR GONGWEN [--screenshot PNG]

URL is the address the server printed, DIR the folder it serves (holding
laochengqu-2022.toml, the seed), GONGWEN the binary, to export the saved
file the command-line way and compare. Exits non-zero with the failing
assertion; prints one line per scenario with how long the page took.
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SEED = "laochengqu-2022.toml"
DISCLOSED = "applications.results.disclosed.natural_person"
WAIT = 20  # seconds; generous for a loaded CI machine, never a timing claim
# The seed's findings as `gongwen check --format json` gives them (set in
# main): the page must list the same, whatever rules the checks grow.
SEED_RULES = []


def cli_rules(gongwen, path):
    out = subprocess.run([gongwen, "check", "--format", "json", path], capture_output=True, text=True).stdout
    findings = json.loads(out)["findings"]
    assert all(f["severity"] == "warning" for f in findings), findings
    return sorted(f["rule"] for f in findings)


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1500,1000",
        f"--user-data-dir={profile}",
    ]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Page:
    def __init__(self, driver, url):
        self.d = driver
        self.url = url

    def css(self, selector):
        return self.d.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def until(self, what, condition, timeout=WAIT):
        started = time.monotonic()
        try:
            WebDriverWait(self.d, timeout, poll_frequency=0.02).until(lambda d: condition())
        except TimeoutException:
            raise AssertionError(f"{what}: not on the page after {timeout} s") from None
        return time.monotonic() - started

    def cell(self, path):
        return self.css(f'input[data-path="{path}"]')

    # The findings are redrawn after every check: read them in one script
    # call, so an element is never read after it was replaced.
    def td_classes(self, path):
        return self.d.execute_script(
            "return document.querySelector(`input[data-path='${arguments[0]}']`).parentElement.className", path
        ).split()

    def rules(self, severity=None):
        selector = "#findings li" + (f".{severity}" if severity else "")
        return self.d.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).map((li) => li.dataset.rule)", selector
        )

    def type_into(self, element, text):
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(text)


def scenario_1_open_the_seed(page):
    page.d.get(page.url)
    page.until("start page row", lambda: page.all(f'tr[data-path="{SEED}"]'))
    row = page.css(f'tr[data-path="{SEED}"]').text
    assert "老城区人民政府办公室" in row and "2022" in row and f"{len(SEED_RULES)} 个警告" in row, row
    page.css(f'tr[data-path="{SEED}"] a.button').click()
    took = page.until("the seed's findings", lambda: page.all("#findings li"))
    numbers = {
        DISCLOSED: "7",
        "applications.new.total": "15",
        "applications.results.unable.needs_creation.natural_person": "4",
        "proactive.normative_documents.repealed": "14",
        "appeals.suit_direct.total": "4",
        "proactive.fees": "0",
    }
    for path, value in numbers.items():
        assert page.cell(path).get_attribute("value") == value, (path, page.cell(path).get_attribute("value"))
    # The tables as printed: the merged cells of the official format.
    merged = page.css('table[data-section="applications"] th[rowspan="22"]').text
    assert merged == "三、本年度办理结果", merged
    assert "T8" in SEED_RULES and sorted(page.rules()) == SEED_RULES, (page.rules(), SEED_RULES)
    t8 = page.css('#findings li[data-rule="T8"]').text
    assert "已按相关规定全部答复" in t8 and "警告" in t8, t8
    assert "flag-warning" in page.td_classes("applications.carried_out.total")
    assert page.css("#status-badge").text == f"{len(SEED_RULES)} 个警告"
    # The sentence T8 quotes is marked in the prose it stands in.
    marked = page.css('textarea[data-field="overview.parts.1.text"]').find_element(By.XPATH, "..")
    assert "全部答复" in marked.find_element(By.CSS_SELECTOR, "mark.warning").get_attribute("textContent")
    print(f"ok 1: the seed opens with its numbers and the T8 warning ({took:.2f} s)")


def scenario_2_an_error_appears_and_goes(page):
    cell = page.cell(DISCLOSED)
    page.type_into(cell, "8")
    took = page.until("R3 error after 7 → 8", lambda: "R3" in page.rules("error"))
    errors = page.rules("error")
    assert "R3" in errors and "R2" in errors, errors
    r3 = page.css('#findings li[data-rule="R3"]').text
    assert "自然人" in r3 and "16" in r3 and "15" in r3, r3
    for path in [DISCLOSED, "applications.results.total.natural_person"]:
        assert "flag-error" in page.td_classes(path), (path, page.td_classes(path))
    assert "错误" in page.css("#status-badge").text
    assert page.all("#dirty"), "the page says it is not saved"
    print(f"ok 2a: 7 → 8 gives R2 and R3 errors on the circled cells ({took:.2f} s after typing)")
    if os.environ.get("SERVE_SCREENSHOT"):
        page.d.execute_script("document.querySelector('#sec-applications').scrollIntoView()")
        page.d.execute_script("window.scrollBy(0, -60)")
        time.sleep(0.5)
        page.d.save_screenshot(os.environ["SERVE_SCREENSHOT"])
    # Clicking the finding goes to its cells.
    page.css('#findings li[data-rule="R3"] button').click()
    page.until("focus on the R3 cells", lambda: page.d.switch_to.active_element.get_attribute("data-path") in (
        DISCLOSED, "applications.results.disclosed.natural_person", "applications.results.total.natural_person"))
    page.type_into(page.cell(DISCLOSED), "7")
    took = page.until("errors gone after 8 → 7", lambda: not page.rules("error"))
    assert sorted(page.rules()) == SEED_RULES, (page.rules(), SEED_RULES)
    assert "flag-error" not in page.td_classes(DISCLOSED)
    assert page.css("#status-badge").text == f"{len(SEED_RULES)} 个警告"
    print(f"ok 2b: back to 7, the errors and circles are gone ({took:.2f} s)")


def scenario_3_edit_and_save(page, folder):
    path = os.path.join(folder, SEED)
    with open(path, encoding="utf-8") as f:
        before = f.read()
    area = page.css('textarea[data-field="overview.parts.2.text"]')
    area.send_keys(Keys.CONTROL, Keys.END)
    added = "全年开展保密审查培训两次。"
    area.send_keys(added)
    page.until("the edit reaches the checks", lambda: page.all("#dirty"))
    page.css("#save").click()
    page.until("saved", lambda: not page.all("#dirty"))
    with open(path, encoding="utf-8") as f:
        after = f.read()
    old = "推动工作健康有序开展。\n"
    assert old in before
    assert after == before.replace(old, "推动工作健康有序开展。" + added + "\n"), "only the paragraph changed"
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after.splitlines() for c in comments), "comments kept"
    print(f"ok 3: the paragraph is saved; {len(comments)} comment lines and the rest of the file unchanged")
    return after


def scenario_3b_changed_on_disk(page, folder):
    """A file changed by another program is not overwritten silently."""
    path = os.path.join(folder, SEED)
    with open(path, "a", encoding="utf-8") as f:
        f.write("# 另一个程序加的注释\n")
    with open(path, encoding="utf-8") as f:
        outside = f.read()
    area = page.css('textarea[data-field="other.text"]')
    area.send_keys("。")
    page.until("dirty", lambda: page.all("#dirty"))
    page.css("#save").click()
    page.until("conflict dialog", lambda: page.all("#reload"))
    assert "已被修改" in page.css("dialog").text
    with open(path, encoding="utf-8") as f:
        assert f.read() == outside, "the file changed outside was not overwritten"
    page.css("#reload").click()
    page.until("reloaded", lambda: page.all("#findings li") and not page.all("#dirty"))
    assert page.css('textarea[data-field="other.text"]').get_attribute("value") == "无"
    print("ok 3b: a file changed on disk since it was opened is not overwritten; the clerk is told and reloads")


def scenario_6_new_report(page, folder):
    page.d.get(page.url)
    page.until("start page", lambda: page.all("#new-report"))
    page.css("#new-report").click()
    page.css("#new-agency").send_keys("某某县人民政府办公室")
    page.type_into(page.css("#new-year"), "2023")
    page.css("#new-create").click()
    page.until("the new report in the editor", lambda: page.all("#findings li") or page.all("#summary"))
    created = os.path.join(folder, "某某县人民政府办公室2023年.toml")
    with open(created, encoding="utf-8") as f:
        text = f.read()
    assert "由 gongwen new 生成" in text and 'agency = "某某县人民政府办公室"' in text
    assert page.cell("applications.new.natural_person").get_attribute("value") == "0"
    assert page.css("#meta-agency").get_attribute("value") == "某某县人民政府办公室"
    print("ok 6: 新建 writes the skeleton of gongwen new and opens it")


def scenario_7_documents(page, folder, gongwen):
    """Word and web-page reports are listed and open read-only, as imported."""
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import", "corpus")
    documents = {"门户下载.docx": "placeholders-2023.portal.lo.docx", "门户网页.html": "variant-dashes.html"}
    for name, source in documents.items():
        shutil.copyfile(os.path.join(corpus, source), os.path.join(folder, name))
    page.d.get(page.url)
    page.until("documents listed", lambda: all(page.all(f'tr[data-path="{n}"]') for n in documents))
    for name in documents:
        row = page.css(f'tr[data-path="{name}"]').text
        assert "只读" in row and "示例县人民政府办公室" in row and "2023" in row, row
    # A document is not its own export; the seed's exports are linked.
    _, listing, _ = request(page.url, "GET", "/api/reports")
    outputs = {r["path"]: r["outputs"] for r in json.loads(listing)["reports"]}
    assert outputs["门户下载.docx"] == [] and "laochengqu-2022.docx" in outputs[SEED], outputs
    # The DOCX that 导出 wrote beside the seed is its output, not a report.
    assert not page.all('tr[data-path="laochengqu-2022.docx"]'), "an export is listed as a report"
    imported = tomllib.loads(subprocess.run([gongwen, "import", os.path.join(folder, "门户网页.html")],
                                            check=True, capture_output=True, text=True).stdout)
    page.css('tr[data-path="门户网页.html"] a.button').click()
    page.until("the page's report", lambda: page.all("#findings li") or page.all("#summary"))
    row = imported["applications"]["new"]
    assert page.cell("applications.new.natural_person").get_attribute("value") == str(row[0])
    assert page.cell("applications.new.commercial").get_attribute("value") == str(row[1])
    assert "只能读取" in page.css(".readonly-note").text
    notes = page.css("#import-notes").get_attribute("textContent")
    assert "按 0 计" in notes, notes
    note_count = len(page.all("#import-notes li"))
    assert not page.all("#save") and not page.all("#export"), "a document is neither saved over nor exported"
    status, data, _ = request(page.url, "POST", "/api/export",
                              json.dumps({"path": "门户网页.html", "token": "x", "draft": True}).encode(),
                              {"Origin": page.url.rstrip("/"), "Content-Type": "application/json"})
    assert status == 422 and "另存为 TOML" in json.loads(data)["error"], (status, data)
    page.css("#save-as").click()
    page.type_into(page.css("#save-as-name"), "门户网页.toml")
    page.css("#save-as-name").send_keys(Keys.ENTER)
    page.until("the TOML in the editor", lambda: page.all("#save") and page.all("#export"))
    with open(os.path.join(folder, "门户网页.toml"), "rb") as f:
        saved = tomllib.load(f)
    assert saved["applications"]["new"][:2] == row[:2], saved["applications"]["new"]
    assert saved["report"]["agency"] == "示例县人民政府办公室"
    print(f"ok 7: .docx and .html reports listed read-only with their agency; opened as gongwen import reads them; "
          f"{note_count} import notes shown; 另存为 TOML makes it editable")


def scenario_8_previous_year(page, folder):
    """Last year's report of the same agency in the folder is checked against (R5)."""
    with open(os.path.join(folder, SEED), encoding="utf-8") as f:
        seed = f.read()
    assert "year = 2022\n" in seed and "carried_out = [1, 0, 0, 0, 0, 0, 1]" in seed
    last_year = seed.replace("year = 2022\n", "year = 2021\n").replace(
        "carried_out = [1, 0, 0, 0, 0, 0, 1]", "carried_out = [2, 0, 0, 0, 0, 0, 2]")
    with open(os.path.join(folder, "laochengqu-2021.toml"), "w", encoding="utf-8") as f:
        f.write(last_year)
    # The server trusts its walk of the folder for 2 s while the clerk types.
    time.sleep(2.5)
    page.d.get(page.url + "edit?file=" + SEED)
    page.until("R5 against laochengqu-2021.toml", lambda: "R5" in page.rules("error"))
    assert "laochengqu-2021.toml" in page.css("#panel-findings").text
    r5 = page.css('#findings li[data-rule="R5"]').text
    assert "2" in r5 and "1" in r5, r5
    assert "flag-error" in page.td_classes("applications.carried_in.natural_person"), \
        page.td_classes("applications.carried_in.natural_person")
    print("ok 8: the same agency's 2021 report in the folder is found; R5 circles 上年结转")


def scenario_4_export(page, folder, gongwen):
    pdf = os.path.join(folder, "laochengqu-2022.pdf")
    docx = os.path.join(folder, "laochengqu-2022.docx")
    # With an error the export is refused, with the findings.
    page.type_into(page.cell(DISCLOSED), "9")
    page.until("R3 error", lambda: "R3" in page.rules("error"))
    page.css("#export").click()
    page.css("#export-go").click()
    page.until("refusal", lambda: page.all("#export-error"))
    refusal = page.css("#export-result").text
    assert "未导出" in refusal and "R3" in refusal, repr(refusal)
    assert not os.path.exists(pdf) and not os.path.exists(docx)
    page.d.find_element(By.XPATH, "//dialog//button[text()='关闭']").click()
    page.type_into(page.cell(DISCLOSED), "7")
    page.until("errors gone", lambda: not page.rules("error"))
    page.css("#export").click()
    page.css("#export-go").click()
    page.until("exported files", lambda: page.all("#export-files a"))
    links = [a.get_attribute("href") for a in page.all("#export-files a")]
    assert any(l.endswith(".pdf") for l in links) and any(l.endswith(".docx") for l in links), links
    # The seed has no 成文日期: the clerk is told its PDF is not PDF/A, as the command line says.
    result = page.css("#export-result").text
    assert "PDF 未按 PDF/A 存档格式写出" in result and "成文日期" in result, repr(result)
    # The same files as the command line makes of the saved file.
    with tempfile.TemporaryDirectory() as other:
        copy = os.path.join(other, SEED)
        shutil.copyfile(os.path.join(folder, SEED), copy)
        subprocess.run([gongwen, "export", "-q", copy], check=True)
        for name in ["laochengqu-2022.pdf", "laochengqu-2022.docx"]:
            with open(os.path.join(folder, name), "rb") as a, open(os.path.join(other, name), "rb") as b:
                assert a.read() == b.read(), f"{name} differs from gongwen export"
    # The download link serves those bytes.
    status, body, _ = request(page.url, "GET", urllib.parse.urlparse(links[0]).path + "?" + urllib.parse.urlparse(links[0]).query)
    with open(pdf, "rb") as f:
        assert status == 200 and body == f.read()
    # With OFD ticked, the OFD too, byte-identical to --format pdf,docx,ofd.
    page.css("#export-ofd").click()
    page.css("#export-go").click()
    page.until("OFD link", lambda: any(a.get_attribute("href").endswith(".ofd") for a in page.all("#export-files a")))
    ofd = os.path.join(folder, "laochengqu-2022.ofd")
    with tempfile.TemporaryDirectory() as other:
        copy = os.path.join(other, SEED)
        shutil.copyfile(os.path.join(folder, SEED), copy)
        subprocess.run([gongwen, "export", "-q", "--format", "pdf,docx,ofd", copy], check=True)
        with open(ofd, "rb") as a, open(os.path.join(other, "laochengqu-2022.ofd"), "rb") as b:
            assert a.read() == b.read(), "OFD differs from gongwen export"
    page.d.find_element(By.XPATH, "//dialog//button[text()='关闭']").click()
    print(f"ok 4: refused with errors; then PDF ({os.path.getsize(pdf)} B), DOCX and OFD ({os.path.getsize(ofd)} B) byte-identical to gongwen export")


def request(url, method, target, body=None, headers=None):
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    conn.request(method, target, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data, response


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def oversized(url, origin, chunked):
    """A POST of 6 MiB; the server may answer before it is all sent."""
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    conn.putrequest("POST", "/api/check")
    conn.putheader("Origin", origin)
    conn.putheader("Content-Type", "application/json")
    size = 6 * 1024 * 1024
    conn.putheader("Transfer-Encoding" if chunked else "Content-Length", "chunked" if chunked else str(size))
    conn.endheaders()
    if chunked:
        chunk = b" " * 65536
        try:
            for _ in range(size // len(chunk)):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def scenario_5_refusals(page, folder):
    origin = page.url.rstrip("/")
    host = urllib.parse.urlparse(page.url).netloc
    outside = tempfile.mkdtemp()
    with open(os.path.join(outside, "secret.toml"), "w") as f:
        f.write("[report]\nagency = \"外部\"\nyear = 2022\n")
    os.symlink(os.path.join(outside, "secret.toml"), os.path.join(folder, "escape.toml"))
    refusals = [
        ("GET", "/api/report?path=" + urllib.parse.quote("../" + os.path.basename(outside) + "/secret.toml"), {}, 403),
        ("GET", "/api/report?path=" + urllib.parse.quote("/etc/passwd"), {}, 403),
        ("GET", "/api/report?path=escape.toml", {}, 403),
        ("GET", "/api/download?path=" + urllib.parse.quote("../../etc/passwd"), {}, 403),
        ("GET", "/api/reports", {"Host": "rebind.example:" + host.split(":")[1]}, 403),
        ("POST", "/api/new", {"Origin": "http://evil.example", "Content-Type": "application/json"}, 403),
        ("POST", "/api/new", {"Content-Type": "application/json"}, 403),
    ]
    body = json.dumps({"name": "pwned", "agency": "x", "year": 2022}).encode()
    for method, target, headers, expected in refusals:
        status, data, _ = request(page.url, method, target, body if method == "POST" else None, headers)
        assert status == expected, (target, headers, status, data[:200])
        assert "error" in json.loads(data), data
    # Refused on its Content-Length, before a byte of it is read …
    status, data = oversized(page.url, origin, chunked=False)
    assert status == 413 and "上限" in json.loads(data)["error"], (status, data[:200])
    # … and, sent in chunks with no length, once the limit is reached.
    status, data = oversized(page.url, origin, chunked=True)
    assert status == 413 and "上限" in json.loads(data)["error"], (status, data[:200])
    assert not os.path.exists(os.path.join(folder, "pwned.toml"))
    # A page of another site, in the same browser, posting to the server.
    evil_dir = tempfile.mkdtemp()
    with open(os.path.join(evil_dir, "evil.html"), "w") as f:
        f.write("""<!doctype html><form id=f method=post enctype=text/plain action="%s/api/new">
<input name='{"name":"pwned","agency":"x","year":2022,"x":"' value='"}'></form>
<script>fetch("%s/api/new",{method:"POST",mode:"no-cors",headers:{"Content-Type":"text/plain"},
body:JSON.stringify({name:"pwned2",agency:"x",year:2022})}).finally(()=>{document.title="sent";f.submit();});</script>""" % (origin, origin))
    evil = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=evil_dir))
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page.d.get(f"http://127.0.0.1:{evil.server_address[1]}/evil.html")
        page.until("the foreign form posted", lambda: "拒绝访问" in page.d.page_source)
    finally:
        evil.shutdown()
    assert not os.path.exists(os.path.join(folder, "pwned.toml"))
    assert not os.path.exists(os.path.join(folder, "pwned2.toml"))
    # The page itself says what was refused.
    page.d.get(page.url + "edit?file=" + urllib.parse.quote("../secret.toml"))
    page.until("refusal on the page", lambda: page.all(".error-text"))
    assert "“..”" in page.css(".error-text").text
    print(f"ok 5: {len(refusals) + 2} refusals over HTTP (path, link, Host, Origin, size) and a foreign page's posts refused")


def main():
    url, folder, gongwen = sys.argv[1], sys.argv[2], sys.argv[3]
    SEED_RULES.extend(cli_rules(gongwen, os.path.join(folder, SEED)))
    profile = tempfile.mkdtemp(prefix="gongwen-chromium-")
    driver = start_browser(profile)
    try:
        page = Page(driver, url)
        scenario_1_open_the_seed(page)
        scenario_2_an_error_appears_and_goes(page)
        scenario_3_edit_and_save(page, folder)
        scenario_3b_changed_on_disk(page, folder)
        scenario_4_export(page, folder, gongwen)
        # Our page logs no script error; refused requests (4xx) are expected.
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                and "status of 4" not in entry["message"]]
        assert not logs, f"errors in the page's console: {logs}"
        scenario_5_refusals(page, folder)
        scenario_6_new_report(page, folder)
        scenario_7_documents(page, folder, gongwen)
        scenario_8_previous_year(page, folder)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
