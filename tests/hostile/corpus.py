"""The hostile-input corpus of issue 15: every odd or malicious delivery with its expected
outcome. Files are generated here (small, deterministic) so the corpus needs no binaries
in git; ``python -m tests.hostile.corpus DIR`` writes them out for manual trials.

Each :class:`Case` says what must happen:

* ``refused``: the file is refused; ``message`` must appear in an error, at ``row`` and
  ``column`` when given (a located message);
* ``accepted``: the file is accepted and ``value`` is stored for (``indicator``, ``year``)
  of Chizhou; ``warning`` must appear among the warnings when given.

``limits`` (a :class:`Limits`) lowers a limit so a case stays small and fast; the same
code path runs at the default limits (see ``benchmarks/hostile``).
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from workbench.ingest.limits import Limits

H = ["地区", "指标", "年份", "数值", "单位"]


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the file into a directory, returns its path
    outcome: str  # "refused" | "accepted"
    message: str = ""  # substring of the error (refused) or warning (accepted)
    row: int | None = None
    column: str | None = None  # substring of the column label
    indicator: str = "online_retail_sales"
    year: int = 2021
    value: float | None = None
    options: dict = field(default_factory=dict)  # read options (decimal, history, limits)
    why: str = ""


def _csv(name: str, rows: list[list[object]], *, delimiter: str = ",", raw: str | None = None):
    def make(d: Path) -> Path:
        p = d / name
        if raw is not None:
            p.write_text(raw, encoding="utf-8")
        else:
            buf = io.StringIO()
            csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
            p.write_text(buf.getvalue(), encoding="utf-8")
        return p

    return make


def _xlsx(name: str, fill: Callable) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "数据"
        fill(ws)
        p = d / name
        wb.save(p)
        return p

    return make


def _percent(ws) -> None:
    ws.append(["地区", "指标", "年份", "数值", "单位"])
    ws.append(["池州市", "光纤宽带用户占比", 2021, 0.92, "%"])
    ws["D2"].number_format = "0%"


def _formula(ws) -> None:
    ws.append(H)
    ws.append(["池州市", "网络零售额", 2021, "=B9*2", "亿元"])  # openpyxl saves no value


def _far_cell(ws) -> None:
    ws.append(H)
    ws.append(["池州市", "网络零售额", 2021, 80.5, "亿元"])
    ws["XFD1048576"] = 1


def _with_shared_strings(src: Callable[[Path], Path], payload: Callable[[], bytes]):
    """A workbook made by ``src`` (openpyxl writes inline strings) given a shared-string
    table ``payload()``, registered in the workbook's relationships as Excel does."""
    part = "xl/sharedStrings.xml"
    rel = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99" /></Relationships>'
    )
    ctype = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )

    def make(d: Path) -> Path:
        p = src(d)
        tmp = p.with_suffix(".tmp")
        with zipfile.ZipFile(p) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", rel.encode())
                elif info.filename == "[Content_Types].xml":
                    data = data.replace(b"</Types>", ctype.encode())
                zout.writestr(info.filename, data)
            zout.writestr(part, payload())
        os.replace(tmp, p)
        return p

    return make


def _shared_strings(n: int, text: str = "a") -> Callable[[], bytes]:
    def payload() -> bytes:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">'
        )
        return (head + f"<si><t>{text}</t></si>" * n + "</sst>").encode()

    return payload


def _strings_sheet(ws) -> None:
    ws.append(H)
    ws.append(["池州市", "网络零售额", 2021, 80.5, "亿元"])


def _fifo(d: Path) -> Path:
    p = d / "pipe.csv"
    os.mkfifo(p)
    return p


def _dev_zero(d: Path) -> Path:
    return Path("/dev/zero")


def _truncated(d: Path) -> Path:
    full = _xlsx("whole.xlsx", _strings_sheet)(d)
    p = d / "truncated.xlsx"
    p.write_bytes(full.read_bytes()[:1500])
    return p


CASES: list[Case] = [
    # ---- wrong numbers accepted silently (issue 15)
    Case("percent_format.xlsx", _xlsx("percent_format.xlsx", _percent), "accepted",
         indicator="fiber_broadband_share", value=92.0,
         why="0.92 formatted as 0% with unit % is 92 %, not 0.92 %"),
    Case("semicolon_decimal_comma.csv",
         _csv("semicolon_decimal_comma.csv", [H, ["池州市", "网络零售额", 2021, "80,5", "亿元"]],
              delimiter=";"),
         "refused", "ambiguous number '80,5'", row=2, column="数值",
         why="80,5 in a semicolon CSV was stored as 805"),
    Case("semicolon_decimal_comma_declared.csv",
         _csv("semicolon_decimal_comma_declared.csv",
              [H, ["池州市", "网络零售额", 2021, "80,5", "亿元"]], delimiter=";"),
         "accepted", value=80.5, options={"decimal": ","},
         why="the same file with a declared decimal comma reads 80.5"),
    Case("quoted_comma.csv",
         _csv("quoted_comma.csv", [H, ["池州市", "网络零售额", 2021, "8,05", "亿元"]]),
         "refused", "ambiguous number '8,05'", row=2, column="数值",
         why='"8,05" in a comma CSV was stored as 805'),
    Case("thousands_ok.csv",
         _csv("thousands_ok.csv", [H, ["池州市", "网络零售额", 2021, "1,234.5", "万元"]]),
         "accepted", value=0.12345, why="properly grouped thousands stay accepted"),
    Case("underscore.csv", _csv("underscore.csv", [H, ["池州市", "网络零售额", 2021, "8_0", "亿元"]]),
         "refused", "contains '_'", row=2, column="数值", why="8_0 was read as 80"),
    Case("space_inside.csv",
         _csv("space_inside.csv", [H, ["池州市", "网络零售额", 2021, "8 0", "亿元"]]),
         "refused", "contains ' '", row=2, column="数值"),
    Case("unterminated_quote.csv",
         _csv("unterminated_quote.csv", [], raw=(
             "地区,指标,年份,数值,单位,备注\n"
             '池州市,网络零售额,2020,70.2,亿元,"初步数\n'
             "池州市,网络零售额,2021,80.5,亿元,\n"
             "池州市,网络零售额,2022,91.0,亿元,\n")),
         "refused", "quote", row=2,
         why="an unterminated quote swallowed the next rows and the file was ACCEPTABLE"),
    Case("future_date.csv",
         _csv("future_date.csv", [H + ["发布日期"], ["池州市", "网络零售额", 2021, 80.5, "亿元",
                                                     "2999-12-31"]]),
         "refused", "is in the future", row=2, column="发布日期"),
    Case("date_before_year.csv",
         _csv("date_before_year.csv", [H + ["发布日期"], ["池州市", "网络零售额", 2021, 80.5, "亿元",
                                                          "1950-01-01"]]),
         "refused", "before the data year 2021", row=2, column="发布日期",
         why="store show --as-of 1960-01-01 then showed a 2021 value"),
    Case("unit_conflict.csv",
         _csv("unit_conflict.csv", [H, ["池州市", "网络零售额(万元)", 2021, 805000, "亿元"]]),
         "refused", "conflicting units", row=2, column="单位",
         why="header 网络零售额(万元) with 单位 亿元 silently used 亿元"),
    Case("header_unit_conflict.csv",
         _csv("header_unit_conflict.csv",
              [["地区", "指标", "年份", "数值(万元)", "单位"], ["池州市", "网络零售额", 2021, 805000, "亿元"]]),
         "refused", "conflicting units", row=2),
    Case("huge_value.csv",
         _csv("huge_value.csv", [H, ["池州市", "网络零售额", 2021, "1e300", "亿元"]]),
         "accepted", "implausible magnitude", value=1e300,
         why="1e300 亿元 passed without a warning"),
    Case("hundredfold_history.csv",
         _csv("hundredfold_history.csv", [H, ["池州市", "网络零售额", 2021, 8050, "亿元"]]),
         "accepted", "implausible magnitude", value=8050.0,
         options={"history": {("Chizhou", "online_retail_sales"): 70.2}},
         why="beyond 100× the series' history"),
    Case("infinite.csv", _csv("infinite.csv", [H, ["池州市", "网络零售额", 2021, "1e400", "亿元"]]),
         "refused", "not a finite number", row=2, column="数值"),
    Case("formula_no_value.xlsx", _xlsx("formula_no_value.xlsx", _formula), "refused",
         "formula without a saved value", row=2, column="D",
         why="formula cells without a cached value were skipped with an unclear message"),
    Case("javascript_url.csv",
         _csv("javascript_url.csv", [H + ["链接"], ["池州市", "网络零售额", 2021, 80.5, "亿元",
                                                    "javascript:alert(1)"]]),
         "refused", "only http(s) addresses", row=2, column="链接",
         why="javascript: URLs were stored and shown as links"),
    Case("bad_grade.csv",
         _csv("bad_grade.csv", [H + ["grade"], ["池州市", "网络零售额", 2021, 80.5, "亿元", "best"]]),
         "refused", "unknown grade 'best'", row=2, column="grade"),
    # ---- resources
    Case("far_cell.xlsx", _xlsx("far_cell.xlsx", _far_cell), "refused",
         "uses cells up to row 1048576, column 16384",
         why="5 KB, one cell at XFD1048576: 3.7 GB and MemoryError"),
    Case("shared_strings_count.xlsx",
         _with_shared_strings(_xlsx("shared_strings_count.xlsx", _strings_sheet),
                              _shared_strings(5000)),
         "refused", "shared-string table has more than 1,000 entries",
         options={"limits": Limits(max_shared_strings=1000)},
         why="shared-string bombs: 1 MB used 2.26 GB, 200 KB took 51 s"),
    Case("zip_bomb.xlsx",
         _with_shared_strings(_xlsx("zip_bomb.xlsx", _strings_sheet),
                              _shared_strings(1, "A" * (12 * 1024 * 1024))),
         "refused", "unpacks to more than 5.0 MB", options={"limits": Limits(max_unzipped_mb=5)}),
    Case("dev_zero", _dev_zero, "refused", "not a regular file",
         why="workbench validate /dev/zero read forever"),
    Case("pipe.csv", _fifo, "refused", "not a regular file"),
    Case("too_big.csv",
         _csv("too_big.csv", [H] + [["池州市", "网络零售额", 2000 + i % 20, i, "亿元"] for i in range(400)]),
         "refused", "the limit is 0.01 MB (WORKBENCH_MAX_CSV_MB)",
         options={"limits": Limits(max_csv_mb=0.01)},
         why="a 110 MB CSV took 6.6 GB: size is checked before parsing"),
    Case("too_many_rows.csv",
         _csv("too_many_rows.csv", [H] + [["池州市", "网络零售额", 2021, 1, "亿元"]] * 60),
         "refused", "more than 50 rows", options={"limits": Limits(max_csv_rows=50)}),
    Case("truncated.xlsx", _truncated, "refused", "corrupt or truncated Excel file"),
    Case("nul_bytes.csv", _csv("nul_bytes.csv", [], raw="地区,指标\x00,年份\n"), "refused", "NUL bytes"),
]  # fmt: skip


def write_corpus(directory: Path) -> list[Path]:
    """Write every file case into ``directory`` (devices and pipes are skipped)."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for c in CASES:
        if c.make in (_dev_zero, _fifo):
            continue
        out.append(c.make(directory))
    return out


if __name__ == "__main__":
    for p in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_corpus")):
        print(p)
