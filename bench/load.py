"""Load test: one `streamlit run app.py` over the demo data, many real headless Chromium sessions.

    python bench/load.py                          # 25 active + 50 idle sessions, 3 cycles of 120 s
    python bench/load.py --active 5 --idle 10 --seconds 60

Each cycle opens every session (one Chromium, one browser context per session so that each is a
separate Streamlit session), lets the active ones act every few seconds (navigate to another page
through the sidebar, or change the comparison filter), then closes them all. An interaction is timed
from the click to the app being idle again with every chart drawn. The server's RSS (the process and
its children, from /proc) is sampled every second; per cycle it prints the peak and the RSS after the
sessions have gone, which must plateau across cycles (a leak grows cycle after cycle).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ld_dash.dimensions import DIMENSIONS  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
PAGES = [("overview", "Alignment overview")] + [(d.slug, d.title) for d in DIMENSIONS]
COMPARISONS = ["Same period last year", "Previous period"]
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!plot.querySelector('svg.main-svg')) return false;
  }
  return true;
}"""
ARM_JS = """() => {
  window.__ldRerun = false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__ldObserver) window.__ldObserver.disconnect();
  window.__ldObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__ldRerun = true;
  });
  window.__ldObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
TIMEOUT_MS = 180_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants, from /proc (no psutil needed)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


class RssSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.last, self._stop = pid, 0.0, 0.0, threading.Event()

    def reset_peak(self) -> None:
        self.peak = self.last

    def run(self) -> None:
        while not self._stop.wait(1.0):
            self.last = tree_rss_mb(self.pid)
            self.peak = max(self.peak, self.last)

    def stop(self) -> None:
        self._stop.set()


async def wait_ready(page) -> None:  # noqa: ANN001 - playwright Page
    # Twice with a pause: a rerun may start just after the first check.
    for _ in range(2):
        await page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling=100)
        await page.wait_for_timeout(200)
    await page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling=100)


async def act(page, rng: random.Random) -> str:  # noqa: ANN001
    """One interaction: usually a page change through the sidebar, sometimes a filter change."""
    await page.evaluate(ARM_JS)
    if rng.random() < 0.3:
        label = rng.choice(COMPARISONS)
        await page.locator('[data-testid="stSidebar"] label').filter(has_text=label).first.click()
        what = "filter"
    else:
        url_path, title = rng.choice(PAGES)
        link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')
        if await link.count() == 0 or not await link.first.is_visible():
            # Long navigation is folded: "View more" first, then any collapsed section header.
            more = page.locator('[data-testid="stSidebarNavViewButton"]')
            if await more.count() and "more" in (await more.first.inner_text()).lower():
                await more.first.click()
            headers = page.locator('[data-testid="stNavSectionHeader"]')
            for i in range(await headers.count()):
                if await link.count() and await link.first.is_visible():
                    break
                await headers.nth(i).click()
        await link.first.click()
        what = "navigate"
    try:
        await page.wait_for_function("() => window.__ldRerun === true", timeout=5_000, polling=50)
    except Exception:  # noqa: BLE001 - a very fast rerun may slip past the observer
        pass
    await wait_ready(page)
    return what


async def session(browser, url: str, active: bool, until: float, seed: int, out: dict) -> None:  # noqa: ANN001
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    rng = random.Random(seed)
    try:
        started = time.monotonic()
        await page.goto(url, timeout=TIMEOUT_MS)
        await wait_ready(page)
        out["first_load"].append(time.monotonic() - started)
        out["opened"] += 1
        if not active:
            while time.monotonic() < until:
                await asyncio.sleep(1)
            return
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(2, 5))  # "every few seconds"
            if time.monotonic() >= until:
                break
            t0 = time.monotonic()
            try:
                await act(page, rng)
                out["times"].append(time.monotonic() - t0)
            except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                out["failures"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        # An exception box in the page is a failure even if the page became idle.
        if await page.locator('[data-testid="stException"]').count():
            out["failures"].append("exception shown in page")
    except Exception as exc:  # noqa: BLE001
        out["failures"].append(f"open: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await context.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run_cycles(args: argparse.Namespace, url: str, sampler: RssSampler) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        all_times: list[float] = []
        all_failures: list[str] = []
        for cycle in range(1, args.cycles + 1):
            sampler.reset_peak()
            out = {"times": [], "failures": [], "first_load": [], "opened": 0}
            start = time.monotonic()
            until = start + args.seconds
            tasks = []
            for i in range(args.active + args.idle):
                tasks.append(asyncio.create_task(
                    session(browser, url, i < args.active, until, cycle * 1000 + i, out)))
                await asyncio.sleep(args.stagger)  # not all 75 sessions in the same second
            await asyncio.gather(*tasks)
            peak = sampler.peak
            await asyncio.sleep(args.settle)  # let the server drop the closed sessions
            end_rss = tree_rss_mb(sampler.pid)
            all_times += out["times"]
            all_failures += out["failures"]
            print(f"cycle {cycle}: sessions opened {out['opened']}/{args.active + args.idle}, "
                  f"first load p50 {pct(out['first_load'], .5):.1f}s p95 {pct(out['first_load'], .95):.1f}s, "
                  f"interactions {len(out['times'])} p50 {pct(out['times'], .5):.2f}s "
                  f"p95 {pct(out['times'], .95):.2f}s, failures {len(out['failures'])}, "
                  f"server RSS peak {peak:.0f} MB, after disconnect {end_rss:.0f} MB "
                  f"({time.monotonic() - start:.0f}s)", flush=True)
            for failure in sorted(set(out["failures"]))[:5]:
                print(f"    failure: {failure}", flush=True)
        await browser.close()
    print(f"total: {len(all_times)} interactions, p50 {pct(all_times, .5):.2f}s, p95 {pct(all_times, .95):.2f}s, "
          f"mean {statistics.fmean(all_times) if all_times else float('nan'):.2f}s, "
          f"failures {len(all_failures)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--active", type=int, default=25, help="sessions that interact (default %(default)s)")
    parser.add_argument("--idle", type=int, default=50, help="sessions that only stay open (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=120, help="length of each cycle (default %(default)s)")
    parser.add_argument("--cycles", type=int, default=3, help="connect/disconnect cycles (default %(default)s)")
    parser.add_argument("--stagger", type=float, default=0.2, help="seconds between opening sessions")
    parser.add_argument("--settle", type=float, default=15, help="seconds to wait after disconnect before RSS")
    parser.add_argument("--data-dir", help="data folder to serve (default: a fresh demo in a temp folder)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ld-dash-load-") as tmp:
        env = {**os.environ, "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_CACHE_HOME": f"{tmp}/cache"}
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = f"{tmp}/data"
            print("building the demo organisation…", flush=True)
            subprocess.run([sys.executable, "-m", "ld_dash", "demo", "--data-dir", data_dir], cwd=REPO,
                           env=env, check=True, stdout=subprocess.DEVNULL)
        env["LD_DASH_DATA_DIR"] = data_dir
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(f"{tmp}/server.log", "wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = RssSampler(server.pid)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print(Path(f"{tmp}/server.log").read_text()[-3000:])
                    return 1
                time.sleep(0.25)
            sampler.last = tree_rss_mb(server.pid)
            print(f"server up on {url}, RSS {sampler.last:.0f} MB; {args.active} active + {args.idle} idle "
                  f"sessions, {args.cycles} cycles of {args.seconds:.0f}s, {os.cpu_count()} CPUs", flush=True)
            sampler.start()
            asyncio.run(run_cycles(args, url, sampler))
        finally:
            sampler.stop()
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
