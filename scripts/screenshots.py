"""Screenshots of the demo city for docs/screenshots/ (issue #13): the home, a list, a detail and a form of each role,
at 1366 px and 375 px, taken in Debian's chromium.

    make screenshots        # builds a small demo city in a temporary SQLite file, serves it, shoots, stops

Each role's pages are reached the way a clerk reaches them (the detail by following the list's first row). The demo
accounts get a throw-away password in the temporary database; two-factor sign-in is off for this server only.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PORT = 8799
PASSWORD = "screenshot horse battery"
WIDTHS = {"desktop": (1366, 860), "phone": (375, 812)}
# role → [(page name, path, follow the list's first row to its detail)]
ROLES = {
    "community_staff": [("home", "/", False), ("list", "/people/residents/", False),
                        ("detail", "/people/residents/", True), ("form", "/people/residents/add/", False)],
    "street_staff": [("home", "/", False), ("list", "/workorders/orders/", False),
                     ("detail", "/workorders/orders/", True), ("form", "/people/households/add/", False)],
    "district_admin": [("home", "/", False), ("list", "/organizations/committees/", False),
                       ("detail", "/organizations/committees/", True), ("form", "/workorders/orders/add/", False)],
    "city_admin": [("home", "/", False), ("list", "/workorders/supervision/", False),
                   ("detail", "/regions/divisions/", True), ("form", "/volunteers/volunteers/add/", False)],
    "grid_worker": [("home", "/", False), ("list", "/gridwork/patrols/", False),
                    ("detail", "/workorders/orders/", True), ("form", "/gridwork/incidents/new/", False)],
}
PUBLIC = [("portal", "/portal/"), ("status", "/portal/status/")]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="shequ-shots-"))
    env = {**os.environ, "SHEQU_DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}", "SHEQU_REQUIRE_2FA": "false",
           "SHEQU_DEBUG": "true"}
    city = "350200000000"
    # setup_demo writes the demo city's accounts to var/demo-accounts.txt: keep the real demo's file as it was.
    accounts = ROOT / "var" / "demo-accounts.txt"
    kept = accounts.read_bytes() if accounts.exists() else None
    for args in (["migrate", "-v0"], ["load_divisions", "--city", city],
                 ["seed_population", "--residents", "3000", "--city", city], ["seed_organizations", "--city", city],
                 ["seed_facilities", "--city", city], ["seed_property", "--city", city],
                 ["setup_call_centre", "--city", city], ["seed_work_orders", "--city", city],
                 ["setup_demo", "--city", city], ["refresh_rollups"]):
        manage(env, *args)
    code = ("from shequ.accounts.models import User\n"
            f"for user in User.objects.filter(username__startswith='demo_'): user.set_password({PASSWORD!r}); "
            "user.must_change_password = False; user.save()")
    manage(env, "shell", "-c", code)
    if kept is None:
        accounts.unlink(missing_ok=True)
    else:
        accounts.write_bytes(kept)
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for width_name, (width, height) in WIDTHS.items():
                for role, pages in ROLES.items():
                    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                    page = context.new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.get_by_label("用户名").fill(f"demo_{role}")
                    page.get_by_label("密码").fill(PASSWORD)
                    page.get_by_role("button", name="登录").click()
                    page.wait_for_load_state("networkidle")
                    for name, path, follow in pages:
                        page.goto(f"{base}{path}")
                        if follow:
                            page.locator("#object-list tbody tr a").first.click()
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=OUT / f"{role}-{name}-{width_name}.jpg", type="jpeg", quality=60)
                    context.close()
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                page = context.new_page()
                for name, path in PUBLIC:
                    page.goto(f"{base}{path}")
                    page.screenshot(path=OUT / f"resident-{name}-{width_name}.jpg", type="jpeg", quality=60)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    write_index()
    print(f"screenshots in {OUT}")


def write_index() -> None:
    """docs/screenshots/README.md: one row per role, each page at both widths."""
    names = {"community_staff": "社区工作人员", "street_staff": "街道工作人员", "district_admin": "区管理员",
             "city_admin": "市管理员", "grid_worker": "网格员"}
    lines = ["# Screenshots · 截图", "",
             "The demo city (`make screenshots`, scripts/screenshots.py) as each role sees it, at 1366 px (desktop) "
             "and 375 px (phone). Residents: the portal and the status look-up.", "",
             "| role | home | list | detail | form |", "|---|---|---|---|---|"]
    for role, pages in ROLES.items():
        cells = [" · ".join(f"[{width}]({role}-{name}-{width}.jpg)" for width in WIDTHS) for name, _path, _f in pages]
        lines.append(f"| {names[role]} (`demo_{role}`) | " + " | ".join(cells) + " |")
    cells = [" · ".join(f"[{width}](resident-{name}-{width}.jpg)" for width in WIDTHS) for name, _path in PUBLIC]
    lines.append("| 居民（门户，无需账户） | " + " | ".join(cells) + " | | |")
    (OUT / "README.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--index"]:
        write_index()
    else:
        main()
