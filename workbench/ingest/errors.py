"""Issues found in a delivered file, and the report and exception that carry them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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

    def location(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.location()}: {self.message}"


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

    def format(self) -> str:
        """Plain-text report: a summary line, then one line per error and warning."""
        how = ", ".join(
            f"{k} {v}"
            for k, v in (
                ("encoding", self.encoding),
                ("layout", self.layout),
                ("sheet", self.sheet),
            )
            if v
        )
        status = "ACCEPTABLE" if self.ok else "REFUSED"
        lines = [
            f"{self.path.name}: {status} — {self.n_observations} observation(s), "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
            + (f" [{how}]" if how else "")
        ]
        lines += [str(i) for i in self.errors]
        lines += [str(i) for i in self.warnings]
        return "\n".join(lines)
