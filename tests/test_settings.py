"""Settings: documented in the README, read from KG_ variables with type coercion; the CLI's help works.

The README's "Settings" section must hold a markdown table with one row per setting, in the form
| `KG_NAME` | `default` | what it does |   (an empty default may be written `` or (empty)).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg import settings
from kg.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
EMPTY_DEFAULTS = {"", "(empty)", "(none)", "—", "-"}


def settings_rows() -> dict[str, list[str]]:
    """Cells of the README's Settings table rows that start with a `KG_...` name, by that name."""
    text = README.read_text(encoding="utf-8")
    heading = re.search(r"^(#+)\s+Settings\b.*$", text, re.M)
    assert heading, 'README.md has no "Settings" heading'
    level = len(heading.group(1))
    end = re.search(rf"^#{{1,{level}}}\s", text[heading.end() :], re.M)
    section = text[heading.end() : heading.end() + end.start() if end else len(text)]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\|\s*`(KG_[A-Z0-9_]+)`\s*\|", line.strip())
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return rows


def documented_default(cell: str, default: object) -> bool:
    """Whether a README default cell states `default` (numbers may use `_` or `,` separators)."""
    value = cell.strip().strip("`").strip()
    if default == "":
        return value in EMPTY_DEFAULTS
    if isinstance(default, bool):
        return value.lower() == str(default).lower()
    if isinstance(default, int | float):
        try:
            return float(value.replace("_", "").replace(",", "")) == default
        except ValueError:
            return False
    return value == str(default)


# -- the table itself ------------------------------------------------------------------------------


def test_settings_table_is_well_formed() -> None:
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    for setting in settings.SETTINGS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", setting.name), setting.name
        assert setting.env == "KG_" + setting.name.upper()
        assert setting.help.strip(), f"{setting.env} has no help text"
    assert set(settings.as_dict()) == set(names)


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.env)
def test_setting_is_documented_in_readme(setting: settings.Setting) -> None:
    rows = settings_rows()
    assert setting.env in rows, f"README Settings table lacks a row starting with | `{setting.env}` |"
    cells = rows[setting.env]
    assert len(cells) >= 3, f"row of {setting.env} needs name, default and description cells"
    assert documented_default(cells[1], setting.default), (
        f"README gives {cells[1]!r} as the default of {setting.env}, the code has {setting.default!r}"
    )
    assert cells[2], f"README row of {setting.env} has no description"


def test_readme_documents_no_unknown_setting() -> None:
    known = {s.env for s in settings.SETTINGS}
    assert set(settings_rows()) <= known


# -- settings.get ----------------------------------------------------------------------------------


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No KG_ variable from the caller's environment leaks into these tests."""
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    return monkeypatch


def test_defaults_without_environment(clean_env: pytest.MonkeyPatch) -> None:
    assert settings.as_dict() == {s.name: s.default for s in settings.SETTINGS}


def test_empty_variable_means_default(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("KG_PORT", "")
    assert settings.get("port") == 5000


def test_environment_overrides_and_coerces(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("KG_STORE", "memory:")
    clean_env.setenv("KG_PORT", " 8080 ")
    clean_env.setenv("KG_QUERY_TIMEOUT", "2.5")
    assert settings.get("store") == "memory:"
    port = settings.get("port")
    assert port == 8080 and type(port) is int
    timeout = settings.get("query_timeout")
    assert timeout == 2.5 and type(timeout) is float


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.env)
def test_default_written_out_reads_back(clean_env: pytest.MonkeyPatch, setting: settings.Setting) -> None:
    clean_env.setenv(setting.env, str(setting.default) or "x")
    value = settings.get(setting.name)
    assert type(value) is type(setting.default)
    if setting.default != "":
        assert value == setting.default


@pytest.mark.parametrize(
    ("env", "raw", "kind"),
    [("KG_PORT", "eighty", "int"), ("KG_THREADS", "4.5", "int"), ("KG_QUERY_TIMEOUT", "soon", "float")],
)
def test_invalid_number_names_the_variable(
    clean_env: pytest.MonkeyPatch, env: str, raw: str, kind: str
) -> None:
    clean_env.setenv(env, raw)
    name = env.removeprefix("KG_").lower()
    with pytest.raises(ValueError, match=rf"^{env}={raw!r} is not a valid {kind}$"):
        settings.get(name)


def test_unknown_setting_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        settings.get("no_such_setting")


# -- the command line's help -----------------------------------------------------------------------


def all_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the `kg` CLI, the group itself first, found by walking its groups."""
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += all_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def test_cli_has_the_expected_commands() -> None:
    commands = {" ".join(path) for path in all_commands()}
    assert {"ingest", "extract", "query", "stats", "export", "delete", "serve", "reference load"} <= commands


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "kg")
def test_cli_help(path: tuple[str, ...]) -> None:
    runner = CliRunner()
    for flag in ("--help", "-h"):
        result = runner.invoke(cli, [*path, flag], prog_name="kg")
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Usage: kg {' '.join(path)}".rstrip())
        assert "Traceback" not in result.output
    # A one-line summary for the command list, and every KG_ variable the help names is a real setting.
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.get_short_help_str().strip(), f"kg {' '.join(path)} has no help text"
    known = {s.env for s in settings.SETTINGS}
    assert set(re.findall(r"\bKG_[A-Z0-9_]+", result.output)) <= known
