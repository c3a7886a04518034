"""Print the playground's speed in headless Chromium: milliseconds per training step and per frame.

A report, not a test (timings depend on the machine). For a network of 6 hidden layers of
8 units on 256 training points, it measures:

- in Node, the model module alone (docs/javascripts/playground/model.js's ``step``, with
  lib/formulas.js's f and f' from the registry data the build writes), in milliseconds per
  step, for every activation in the registry;

then it serves the built site (``site/``, from ``make build``, or the folder given with
``--site``) as GitHub Pages would and measures in headless Chromium:

- ``trace()``: the model alone (forward, loss, backward, update), in milliseconds per
  step, for every activation in the registry; the target is at most 2 ms;
- the page while it trains: milliseconds of training per step as the page runs it (the
  test loss and the history included), and the work of each animation frame (training
  plus drawing), whose largest value must stay under 16 ms so that input is never
  blocked; the frames per second while it plays (the target is 30 or more); and the tasks
  of over 50 ms the browser saw, which should be none.

Usage: .venv/bin/python -m scripts.reports.bench_playground [--site DIR] [--steps N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from scripts import ROOT
from scripts.generators import explorer_data
from scripts.reports import serve_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
BASE = "/activations/"  # the path of mkdocs.yml's site_url
SIZES = [2, 8, 8, 8, 8, 8, 8, 1]  # 6 x 8
SETUP = "data=spirals&points=512&test=50&depth=6&width=8&init=xavier&lr=0.3"
TARGET_STEP_MS = 2.0
FRAME_MS = 16.0
TARGET_FPS = 30.0
MODULES = ROOT / "docs" / "javascripts"

# model.js's step in Node: argv holds the modules' folder, the registry data script and the
# number of steps per timing; prints {name: best ms per step of three runs}.
NODE_BENCH = """
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { pathToFileURL } from "node:url";
const [folder, dataScript, steps] = process.argv.slice(1);
const load = (path) => import(pathToFileURL(`${folder}/${path}`).href);
const { createFormulas } = await load("lib/formulas.js");
const { makeDataset } = await load("playground/datasets.js");
const model = await load("playground/model.js");
globalThis.window = {};  // the data script sets window.actlibExplorerData, as on the page
vm.runInThisContext(readFileSync(dataScript, "utf8"));
const registry = createFormulas(globalThis.window.actlibExplorerData);
const loss = model.lossFunctions(registry.bind);
const { train } = makeDataset({ data: "spirals", points: 512, test: 50, noise: 0, seed: 1 });
const sizes = [2, 8, 8, 8, 8, 8, 8, 1];
const results = {};
for (const name of registry.all.filter((fn) => !fn.gate).map((fn) => fn.name)) {
  if (!registry.drawable(name)) continue;
  const act = registry.bind(name, registry.defaults(name));
  let best = Infinity;
  for (let run = 0; run < 4; run++) {  // the first run warms up the JIT
    const net = model.initialise(model.createModel(sizes), "xavier", 1);
    const ws = model.workspace(sizes, train.n);
    const optimiser = model.createOptimiser(net, { kind: "sgd", rate: 0.3 });
    const start = performance.now();
    const options = { optimiser };
    const { X, y } = train;
    for (let k = 0; k < Number(steps); k++) model.step(net, act, loss, X, y, ws, options);
    if (run > 0) best = Math.min(best, (performance.now() - start) / Number(steps));
  }
  results[name] = best;
}
console.log(JSON.stringify(results));
"""


def node_step_times(steps: int) -> dict[str, float]:
    """ms per model.js step in Node, per activation (best of three runs after a warm-up)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    with tempfile.TemporaryDirectory(prefix="bench-playground-") as folder:
        explorer_data.generate(Path(folder))
        result = subprocess.run(
            [
                node,
                "--input-type=module",
                "-e",
                NODE_BENCH,
                str(MODULES),
                str(Path(folder) / explorer_data.TARGET),
                str(steps),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(result.stdout)


def print_times(title: str, results: dict[str, float]) -> None:
    print(title)
    for name, ms in results.items():
        print(f"  {name:<14} {ms:6.3f} ms")
    worst = max(results, key=lambda name: results[name])
    verdict = "meets" if results[worst] <= TARGET_STEP_MS else "MISSES"
    print(
        f"  slowest: {worst}, {results[worst]:.3f} ms: {verdict} the target of "
        f"{TARGET_STEP_MS} ms\n"
    )


LONG_TASKS = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: "longtask" });  // from now on: while it trains, not while it loads
}"""

TIME_TRACE = """([args, repeats]) => {
  window.actlibPlayground.trace({ ...args, steps: 50 });  // warm up the JIT
  const start = performance.now();
  window.actlibPlayground.trace(args);
  let best = performance.now() - start;
  for (let i = 1; i < repeats; i++) {
    const t = performance.now();
    window.actlibPlayground.trace(args);
    best = Math.min(best, performance.now() - t);
  }
  return best / args.steps;
}"""


def trace_args(page, name: str, steps: int) -> dict:
    rng = np.random.default_rng(0)
    data = page.evaluate(
        "(s) => window.actlibPlayground.dataset(s)",
        {"data": "spirals", "points": 512, "test": 50, "noise": 0, "seed": 1},
    )
    weights = [
        rng.normal(0, np.sqrt(2 / (a + b)), size=(a, b)).tolist()
        for a, b in itertools.pairwise(SIZES)
    ]
    return {
        "activation": name,
        "params": {},
        "X": data["train"]["X"],
        "y": data["train"]["y"],
        "weights": weights,
        "biases": [[0.0] * b for b in SIZES[1:]],
        "lr": 0.3,
        "steps": steps,
    }


def inspect(page) -> dict:
    return page.evaluate(
        "() => window.actlibPlayground.inspect(document.querySelector('div.playground'))"
    )


def live(browser, url: str, activation: str, speed: int, seconds: float) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # fresh counters
    page.goto(f"{url}playground/#{SETUP}&fn={activation}&speed={speed}")
    page.wait_for_selector("div.playground.playground--mounted")
    page.evaluate(LONG_TASKS)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(seconds * 1000)
    page.get_by_role("button", name="Pause").click()
    state = inspect(page)
    stats = state["stats"]
    frames = stats["frames"][5:]  # after the first few, while the JIT warms up
    work = sorted(t + d for _, t, d in frames)
    draw = [d for _, _, d in frames]
    long_tasks = page.evaluate("window.__longTasks")
    page.close()
    return {
        "steps": state["step"],
        "step_ms": stats["trainMs"] / max(1, stats["steps"]),
        "steps_per_frame": statistics.mean(s for s, _, _ in frames),
        "draw_ms": statistics.median(draw),
        "frame_p50": work[len(work) // 2],
        "frame_p95": work[int(len(work) * 0.95)],
        "frame_max": work[-1],
        "frames": len(frames),
        "fps": len(stats["frames"]) / seconds,
        "long_tasks": long_tasks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--steps", type=int, default=1000, help="steps per trace() timing")
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds of live training")
    options = parser.parse_args()
    in_node = node_step_times(options.steps)
    print_times(
        "Node, model.js step(): 6 x 8 network, 256 training points, ms per step (best of 3 runs)",
        in_node,
    )
    if not (options.site / "playground" / "index.html").is_file():
        print(f"{options.site} holds no built playground: run `make build` first", file=sys.stderr)
        return 1
    with serve_site.serve(options.site, BASE) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url + "playground/")
        page.wait_for_selector("div.playground.playground--mounted")
        # The activations the registry's formulas can draw, as Node found them.
        results = {
            name: page.evaluate(TIME_TRACE, [trace_args(page, name, options.steps), 3])
            for name in in_node
        }
        print_times(
            "Chromium, trace(): 6 x 8 network, 256 training points, ms per step (best of 3 runs)",
            results,
        )

        print(f"The page while it trains ({options.seconds:.0f} s of Play, same network and data)")
        for activation, speed in (("tanh", 5), ("tanh", 100), ("gelu", 100)):
            r = live(browser, url, activation, speed, options.seconds)
            frame_verdict = "under" if r["frame_max"] < FRAME_MS else "OVER"
            print(
                f"  {activation}, {speed} steps per frame: {r['steps']} steps in {r['frames']} "
                f"frames; {r['step_ms']:.3f} ms per step (test loss and history included), "
                f"{r['steps_per_frame']:.1f} steps per frame, drawing {r['draw_ms']:.2f} ms"
            )
            print(
                f"    work per frame: median {r['frame_p50']:.2f} ms, 95th percentile "
                f"{r['frame_p95']:.2f} ms, max {r['frame_max']:.2f} ms ({frame_verdict} "
                f"{FRAME_MS:.0f} ms); tasks over 50 ms: {len(r['long_tasks'])}"
            )
            fps_verdict = "meets" if r["fps"] >= TARGET_FPS else "MISSES"
            print(
                f"    {r['fps']:.1f} frames per second: {fps_verdict} the target of "
                f"{TARGET_FPS:.0f}"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
