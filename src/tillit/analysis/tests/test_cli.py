"""`tillit analyse`: one text, a file as JSON Lines in order, errors without tracebacks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

HOW = "Tekniska enheten ska flytta cykelställen vid stadshuset till norra sidan."
WHAT = "Nämnden ger förvaltningschefen i uppdrag att öka andelen behöriga elever till 90 procent."


def run(*args, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command("analyse", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def test_one_text_as_json():
    code, out, _ = run(HOW, "--json")
    assert code == 0
    body = json.loads(out)
    assert body["level"] == "how" and body["findings"]


def test_one_text_readable_with_marks():
    code, out, _ = run(HOW)
    assert code == 0
    assert "»cykelställen«" in out
    assert "hur-nivå" in out and "Ett bra uppdrag anger också" in out


def test_words_without_quotes_are_one_text():
    code, out, _ = run(*HOW.split(), "--json")
    assert json.loads(out)["level"] == "how"


def test_file_as_json_lines_in_order(tmp_path):
    f = tmp_path / "texter.txt"
    f.write_text(f"{WHAT}\n{HOW}\n\n{WHAT}\n", encoding="utf-8")
    code, out, err = run("--file", str(f), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [x.get("level") for x in lines] == ["what", "how", None, "what"]
    assert lines[2] == {
        "line": 3,
        "error": {"code": "invalid", "detail": lines[2]["error"]["detail"]},
    }
    assert "tom" in lines[2]["error"]["detail"]
    assert code == 1 and "1 av 4 rader" in err


def test_file_from_stdin_readable():
    code, out, _ = run("--file", "-", stdin=f"{HOW}\n{WHAT}\n")
    assert code == 0
    assert out.index("Rad 1:") < out.index("Rad 2:")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((), "Ange en text"),
        (("",), "tom"),
        (("--file", "/finns/inte.txt"), "finns inte"),
        (("text", "--file", "x"), "inte båda"),
        (("--backfill",), "--municipality"),
    ],
)
def test_bad_input_is_a_plain_message(args, needle):
    code, out, err = run(*args)
    assert code == 2
    assert needle in err and "Traceback" not in err


def test_empty_file(tmp_path):
    f = tmp_path / "tom.txt"
    f.write_text("", encoding="utf-8")
    code, _, err = run("--file", str(f))
    assert code == 2 and "tom" in err


@pytest.mark.django_db
def test_backfill(kommun):
    from tillit.analysis.models import TextAnalysis

    TextAnalysis.objects.all().delete()
    code, out, _ = run("--backfill", "--municipality", kommun.municipality.slug)
    assert code == 0 and "analyserades" in out
    code, _, err = run("--backfill", "--municipality", "finns-inte")
    assert code == 2 and "finns inte" in err


def test_subprocess_exit_code_and_no_traceback(tmp_path):
    env = {**os.environ, "TILLIT_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "tillit", "analyse", "--file", str(tmp_path / "nope.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "finns inte" in result.stderr and "Traceback" not in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "tillit", "analyse", "--json", HOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["level"] == "how"
