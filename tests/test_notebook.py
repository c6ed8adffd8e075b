"""The analysts' notebook runs top to bottom on a fresh checkout and shows what it promises.

It is executed for real (nbclient and an ipykernel kernel) with the venv's own interpreter: a kernelspec
written to a temporary JUPYTER_PATH pins the kernel to `sys.executable`, whatever else is installed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"

pytestmark = pytest.mark.model


def _text(cell: nbformat.NotebookNode) -> str:
    """What a cell printed (stdout) or displayed (text/html, else text/plain results)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        elif "data" in output:
            data = output["data"]
            parts.append(data.get("text/html") or data.get("text/plain") or "")
    return "".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The notebook executed in its own folder, as {cell tag: output text}."""
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "python3"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (test venv)",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(kernels.parent.parent))  # searched before the venv's own specs
        mp.setenv("TMPDIR", str(tmp_path_factory.mktemp("kernel-tmp")))  # the page it writes goes here
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()  # raises CellExecutionError on the first failing cell
    outputs: dict[str, str] = {}
    for cell in notebook.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            outputs[tag] = _text(cell)
    # Warnings and tracebacks an analyst would see, kept apart from the cells' results.
    outputs["stderr"] = "".join(
        output.get("text", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    )
    return outputs


def test_committed_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_runs_cleanly(executed: dict[str, str]) -> None:
    assert executed["stderr"] == ""  # no warnings or errors shown to the reader
    assert f"repository: {ROOT}" in executed["setup"]
    assert f"python: {sys.executable}" in executed["setup"]  # the kernel runs in this very venv
    assert "belarus-iran-2025-08-20" in executed["ingest"]


def test_fact_table(executed: dict[str, str]) -> None:
    table = executed["facts"]
    header = table.splitlines()[0].split()
    assert header[:3] == ["type", "subject", "object"]
    assert "visit" in table and "Masoud Pezeshkian" in table and "Belarus" in table


def test_visited_query(executed: dict[str, str]) -> None:
    rows = [line for line in executed["visited"].splitlines() if line.startswith("Masoud Pezeshkian")]
    assert any("Belarus" in row and "2025-08-20" in row for row in rows), executed["visited"]


def test_reference_memberships(executed: dict[str, str]) -> None:
    groups: dict[tuple[str, str], set[str]] = {}
    for line in executed["memberships"].splitlines():
        head, _, countries = line.partition(":")
        org, status = head.split()[:2]
        groups[org, status] = {c.strip() for c in countries.split(",")}
    assert groups["EAEU", "member"] == {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia"}
    assert {"Belarus", "Iran", "Russia", "China", "India"} <= groups["SCO", "member"]
    assert {"Brazil", "Russia", "India", "China", "South Africa", "Iran"} <= groups["BRICS", "member"]
    assert "Belarus" in groups["BRICS", "partner"]


def test_analytics(executed: dict[str, str]) -> None:
    assert "Iran" in executed["centrality"] and "degree_centrality" in executed["centrality"]
    path = executed["path"]
    assert path.startswith("Aleksandr Lukashenko -> ") and "-> Iran" in path
    assert "Lukashenko" in path.splitlines()[1]  # the first hop's evidence sentence names him
    assert "2024" in executed["timeline"] and "trade" in executed["timeline"]


def test_graph_view(executed: dict[str, str]) -> None:
    view = executed["graph-view"]
    assert "<iframe srcdoc=" in view and "vis.Network" in view
    assert "Belarus" in view
    match = re.search(r"written to (\S+\.html)", view)
    assert match, view[:300]
    written = Path(match.group(1))
    assert written.is_file() and "vis.Network" in written.read_text(encoding="utf-8")
