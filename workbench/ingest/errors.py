"""Issues found in a delivered file, and the report and exception that carry them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.ingest.messages import SEVERITY, render


@dataclass(frozen=True)
class Issue:
    """One problem in a file.

    ``row`` is the 1-based line (CSV) or sheet row (Excel) as a spreadsheet shows it;
    ``column`` the header text as delivered (with its letter for Excel, e.g. ``C (数值)``);
    ``severity`` is ``error`` (the file is refused) or ``warning`` (accepted, reported).
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"
    sheet: str | None = None

    def location(self, lang: str = "en") -> str:
        """``file, sheet 'S', row 3, column '数值'`` (``file，工作表 'S'，第 3 行，'数值' 列``)."""
        zh = lang == "zh"
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"工作表 {self.sheet!r}" if zh else f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if zh else f"row {self.row}")
        if self.column is not None:
            parts.append(f"{self.column} 列" if zh else f"column {self.column}")
        return ("，" if zh else ", ").join(parts)

    def text(self, lang: str = "en") -> str:
        """The message alone in ``lang`` (see :mod:`workbench.ingest.messages`)."""
        return render(self.message, lang)

    def format(self, lang: str = "en") -> str:
        """``ERROR file, row 3, column '数值': …`` in ``lang`` (English is ``str(issue)``)."""
        label = SEVERITY.get(self.severity, {}).get(lang, self.severity.upper())
        sep = "：" if lang == "zh" else ": "
        return f"{label} {self.location(lang)}{sep}{self.text(lang)}"

    def __str__(self) -> str:
        return self.format("en")


class IngestError(ValueError):
    """A file cannot be accepted; ``issues`` lists every error (and warning) found."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        head = "\n".join(str(i) for i in errors[:20])
        more = f"\n... and {len(errors) - 20} more errors" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s):\n{head}{more}")

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


@dataclass
class ValidationReport:
    """Outcome of validating one file: ``ok`` when there is no error (warnings allowed)."""

    path: Path
    issues: list[Issue] = field(default_factory=list)
    n_observations: int = 0
    encoding: str | None = None
    layout: str | None = None
    sheet: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def format(self, lang: str = "en") -> str:
        """Plain-text report in ``lang``: a summary line, then one line per error and warning."""
        zh = lang == "zh"
        names = _HOW_ZH if zh else {k: k for k in _HOW_ZH}
        layout = self.layout
        if zh and layout:
            layout = "、".join(_LAYOUT_ZH.get(x, x) for x in layout.split(", "))
        how = ("，" if zh else ", ").join(
            f"{names[k]} {v}"
            for k, v in (("encoding", self.encoding), ("layout", layout), ("sheet", self.sheet))
            if v
        )
        if zh:
            status = "可以接受" if self.ok else "拒绝"
            head = (f"{self.path.name}：{status} — {self.n_observations} 条观测值，"
                    f"{len(self.errors)} 个错误，{len(self.warnings)} 个警告")  # fmt: skip
        else:
            status = "ACCEPTABLE" if self.ok else "REFUSED"
            head = (f"{self.path.name}: {status} — {self.n_observations} observation(s), "
                    f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")  # fmt: skip
        lines = [head + (f" [{how}]" if how else "")]
        lines += [i.format(lang) for i in self.errors]
        lines += [i.format(lang) for i in self.warnings]
        return "\n".join(lines)


_HOW_ZH = {"encoding": "编码", "layout": "布局", "sheet": "工作表"}
_LAYOUT_ZH = {"long": "长表", "wide": "宽表"}
