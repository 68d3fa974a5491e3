"""The command line speaks the user's language: Chinese --help with WORKBENCH_LANG=zh or a
Chinese locale, English otherwise; messages through ``tr``."""

from __future__ import annotations

import pytest
import typer
from click.testing import CliRunner

from workbench.cli import app
from workbench.cli.lang import HELP_ZH, cli_lang, localised, tr


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"WORKBENCH_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ({"WORKBENCH_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_workbench_lang_then_locale(monkeypatch, env, lang):
    for var in ("WORKBENCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert cli_lang() == lang
    assert tr("error", "错误") == ("错误" if lang == "zh" else "error")


def _tree(cmd, path: str = "") -> tuple[list[str], list[str]]:
    """(command paths, "<path> <option or argument>" keys) of a click command tree."""
    paths = [path]
    params = [
        f"{path} {p.opts[0] if getattr(p, 'opts', None) else p.name}".strip() for p in cmd.params
    ]
    for name, sub in getattr(cmd, "commands", {}).items():
        sp, pp = _tree(sub, f"{path} {name}".strip())
        paths, params = paths + sp, params + pp
    return paths, params


def test_every_command_has_chinese_help_and_the_table_has_no_stale_entry():
    paths, params = _tree(typer.main.get_command(app))
    assert [p for p in paths if p not in HELP_ZH] == []
    assert [k for k in HELP_ZH if k not in paths and k not in params] == []


def test_help_in_chinese_and_in_english(monkeypatch):
    import typer.rich_utils as ru

    from workbench.cli.lang import _WORDS_ZH

    for name in _WORDS_ZH:  # restored after the test: other tests read English panels
        monkeypatch.setattr(ru, name, getattr(ru, name))
    runner = CliRunner()
    zh = localised(typer.main.get_command(app), "zh")
    out = runner.invoke(zh, ["refresh", "--help"], prog_name="workbench").output
    assert "重建数据库" in out and "显示本帮助并退出" in out and "选项" in out
    assert "Rebuild the store" not in out
    en = typer.main.get_command(app)
    out = runner.invoke(en, ["refresh", "--help"], prog_name="workbench").output
    assert "Rebuild the store" in out and "重建数据库" not in out
