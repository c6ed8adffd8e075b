"""Backups: a consistent copy of a directory store taken while it is open, and `kg restore`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.store import KnowledgeGraph, StoreError
from tests.conftest import API_TOKEN, SEED_ID, populated_graph


def test_backup_of_an_open_store_restores_whole(tmp_path: Path, seed_article, seed_facts) -> None:
    graph = populated_graph(str(tmp_path / "kg"), seed_article, seed_facts)
    try:
        graph.backup(tmp_path / "copy")
        expected = graph.triples_count()
        graph.delete_article(SEED_ID)  # changes after the backup do not reach it
    finally:
        graph.close()
    result = CliRunner().invoke(
        cli, ["--store", str(tmp_path / "restored"), "restore", str(tmp_path / "copy")]
    )
    assert result.exit_code == 0, result.output
    with KnowledgeGraph.open(str(tmp_path / "restored")) as restored:
        assert restored.triples_count() == expected
        assert restored.get_article(SEED_ID) is not None


def test_restore_refuses_a_non_empty_store_and_a_non_store(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file").write_text("x", encoding="utf-8")
    (tmp_path / "src").mkdir()
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "busy"), "restore", str(tmp_path / "src")])
    assert result.exit_code == 1
    assert "not an Oxigraph store" in result.output


def test_backup_refuses_memory_stores_and_existing_targets(tmp_path: Path) -> None:
    with KnowledgeGraph.open("memory:") as graph:
        try:
            graph.backup(tmp_path / "x")
        except StoreError as exc:
            assert "directory store" in str(exc)
        else:
            raise AssertionError("a memory store was backed up")


def test_backup_endpoint_needs_the_token_and_writes_a_new_copy(tmp_path: Path, seed_article, seed_facts):
    from api import create_app

    populated_graph(str(tmp_path / "kg"), seed_article, seed_facts).close()
    app = create_app(
        {
            "TESTING": True,
            "STORE": str(tmp_path / "kg"),
            "API_TOKEN": API_TOKEN,
            "BACKUP_DIR": str(tmp_path / "b"),
        }
    )
    try:
        client = app.test_client()
        assert client.post("/api/backup").status_code == 401
        response = client.post("/api/backup", headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert response.status_code == 201
        path = Path(response.get_json()["path"])
        assert path.parent == tmp_path / "b"
    finally:
        app.extensions["kg"].close()
    with KnowledgeGraph.open(str(path)) as copy:
        assert copy.get_article(SEED_ID) is not None
