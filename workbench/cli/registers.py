"""``workbench register ingest|list|remove`` (the enterprise database) and
``workbench measure`` (one-shot measurement of a register file, nothing stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from workbench.cli.lang import cli_lang, tr
from workbench.ingest.messages import Msg, of_exception, render

register_app = typer.Typer(
    help="The enterprise database: ingest, list and remove registers.", no_args_is_help=True
)


def _fail(message: str) -> None:
    """Print ``message`` (a :class:`Msg` in the user's language) as an error; exit 1."""
    text = render(message, cli_lang())
    typer.echo(tr(f"error: {text}", f"错误：{text}"), err=True)
    raise typer.Exit(1)


def read_gdp(path: Path, region: bool, year: bool) -> pd.DataFrame:
    """GDP.csv: ``region, year, gdp`` (only the columns the measurement groups by are
    required); ``ValueError`` naming the file, row and column of a bad cell."""
    from workbench.classify import read_records
    from workbench.ingest.validate import parse_number, parse_year

    df = read_records(path)
    need = ["gdp", *(["region"] if region else []), *(["year"] if year else [])]
    missing = [c for c in need if c not in df.columns]
    if missing:
        have = list(df.columns)
        raise ValueError(Msg("reg_gdp_missing_columns", file=path.name, missing=missing, have=have))
    out = pd.DataFrame(index=df.index)
    for i, r in df.iterrows():
        row = int(i) + 2
        try:
            v, _ = parse_number(r["gdp"])
            if v is None or v <= 0:
                raise ValueError(Msg("reg_gdp_not_positive"))
        except ValueError as exc:
            raise ValueError(_gdp_cell(path, row, "gdp", exc)) from None
        out.loc[i, "gdp"] = v
        if year:
            try:
                out.loc[i, "year"] = parse_year(r["year"])
            except ValueError as exc:
                raise ValueError(_gdp_cell(path, row, "year", exc)) from None
    if region:
        out["region"] = df["region"].astype("string").str.strip()
    keys = [c for c in ("region", "year") if c in out]
    if keys and out.duplicated(keys).any():
        first = int(out.index[out.duplicated(keys)][0]) + 2
        keys_zh = "和".join({"region": "地区", "year": "年份"}[k] for k in keys)
        raise ValueError(
            Msg("reg_gdp_duplicate", file=path.name, row=first, keys=" and ".join(keys),
                keys_zh=keys_zh)
        )  # fmt: skip
    return out


def _gdp_cell(path: Path, row: int, column: str, exc: ValueError) -> Msg:
    return Msg("reg_gdp_cell", file=path.name, row=row, column=column, reason=of_exception(exc))


_STATUS_ZH = {"added": "已加入", "unchanged": "未改变（同一文件已导入过）"}


def _echo_ingest(res, pub) -> None:
    lang = cli_lang()
    tag = " SYNTHETIC" if res.synthetic else ""
    years = ", ".join(map(str, res.years))
    typer.echo(tr(
        f"register vintage r{res.vintage_id}{tag}: {res.status}, {res.n_records} records, "
        f"years {years}",
        f"名录版本 r{res.vintage_id}{'（合成数据）' if tag else ''}："
        f"{_STATUS_ZH.get(res.status, res.status)}，{res.n_records} 条记录，年份 {years}",
    ))  # fmt: skip
    for w in res.warnings[:20]:
        typer.echo(w.format(lang))
    if pub is not None:
        r = pub.result
        typer.echo(tr(
            f"measured series: observation vintage {r.vintage_id} ({r.status}, "
            f"{r.n_observations} values)",
            f"测算序列：观测数据第 {r.vintage_id} 版（{_STATUS_ZH.get(r.status, r.status)}，"
            f"{r.n_observations} 个数值）",
        ))  # fmt: skip
        fr = pub.frame[pub.frame["indicator"].str.startswith("digital_economy_share_gdp")]
        from workbench import plans
        from workbench.catalog import region_name

        home = plans.load_plan().region
        shares = fr.sort_values(
            ["region", "year"], key=lambda c: c.ne(home) if c.name == "region" else c
        )
        top = shares[shares["region"] == shares["region"].iloc[0]] if len(shares) else shares
        for s in top.itertuples(index=False):
            typer.echo(tr(
                f"  {s.region} {s.year}: {tag.strip() or 'measured'} digital-economy share "
                f"{s.value:.2f}%",
                f"  {region_name(s.region, 'zh')} {s.year}年：数字经济占GDP比重"
                f"{'（合成数据）' if tag else '（测算值）'} {s.value:.2f}%",
            ))  # fmt: skip
        if len(shares) > len(top):
            more = len(shares) - len(top)
            typer.echo(tr(f"  … and {more} more region-years (workbench store show)",
                          f"  ……另有 {more} 个地区年份（见 workbench store show）"))  # fmt: skip
        _echo_notes(pub.measurement.notes)


def _echo_notes(notes: list[str]) -> None:
    """The measurement's notes: register notes are :class:`Msg`; the classifier's (plain
    English) are shown in Chinese through the app's translations of them."""
    zh = cli_lang() == "zh"
    for n in notes:
        typer.echo(f"说明：{_note_zh(n)}" if zh else f"note: {n}")


def _note_zh(note: str) -> str:
    if isinstance(note, Msg):
        return render(note, "zh")
    from workbench.app_data import composition_notes
    from workbench.i18n import t

    if note.startswith("UNVERIFIED: "):
        return t("unverified_banner", "zh")
    return "".join(composition_notes([note], "zh"))


@register_app.command("ingest")
def ingest_cmd(
    file: Annotated[Path, typer.Argument(help="register: CSV (UTF-8/GBK) or xlsx")],
    source: Annotated[str, typer.Option("--source", help="who delivered it")] = "",
    year: Annotated[
        int | None, typer.Option("--year", help="year when the file has no year column")
    ] = None,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="the register is SYNTHETIC")
    ] = False,
) -> None:
    """Validate and archive a register, keep it at enterprise level and write its measured
    series to the observation store (derived). The same file again changes nothing."""
    from workbench.ingest import IngestError
    from workbench.registers.derived import ingest_register

    try:
        res, pub = ingest_register(
            file, year=year, source=source or f"file {file.name}", synthetic=synthetic
        )
    except IngestError as exc:
        for i in exc.issues:
            typer.echo(i.format(cli_lang()), err=True)
        n = len(exc.errors)
        _fail(tr(f"{file.name}: refused ({n} error(s)); nothing was changed",
                 f"{file.name}：拒绝（{n} 个错误）；未作任何改变"))  # fmt: skip
    _echo_ingest(res, pub)


@register_app.command("list")
def list_cmd() -> None:
    """List the register vintages in the enterprise database."""
    from workbench.registers.db import RegisterDB

    v = RegisterDB().vintages()
    if v.empty:
        typer.echo(tr("no registers yet: run `workbench register ingest FILE`",
                      "还没有企业名录：请运行 `workbench register ingest 文件`"))  # fmt: skip
        return
    v = v.assign(vintage=["r" + str(i) for i in v["vintage_id"]], sha256=v["sha256"].str[:12])
    v = v[list(_LIST_ZH)]
    if cli_lang() == "zh":
        v = v.assign(synthetic=v["synthetic"].map({True: "是", False: "否"})).rename(
            columns=_LIST_ZH
        )
    typer.echo(v.to_string(index=False))


_LIST_ZH = {
    "vintage": "版本",
    "original_filename": "文件",
    "years": "年份",
    "n_records": "记录数",
    "synthetic": "合成数据",
    "source": "来源",
    "ingested_at": "导入时间",
    "sha256": "校验值",
}
"""``workbench register list``'s columns, in order, with their Chinese headers."""


@register_app.command("remove")
def remove_cmd(
    vintage: Annotated[str, typer.Argument(help="register vintage, e.g. r3 or 3")],
) -> None:
    """Remove a register vintage, its archived file and its measured (derived) series."""
    from workbench.registers.derived import remove_register

    try:
        v = remove_register(int(vintage.lstrip("rR")))
    except (KeyError, ValueError) as exc:
        msg = of_exception(exc)
        _fail(msg if isinstance(msg, Msg) else msg.strip("'\""))
    vid, name = v["vintage_id"], v["original_filename"]
    typer.echo(tr(f"removed register vintage r{vid} ({name}) and its measured series",
                  f"已删除名录版本 r{vid}（{name}）及其测算序列"))  # fmt: skip


def measure_cmd(
    register: Annotated[
        Path, typer.Argument(help="register file: CSV (UTF-8/GBK), xlsx or Parquet")
    ],
    code_column: Annotated[
        str, typer.Option("--code-column", help="GB/T 4754 industry code column")
    ],
    value_column: Annotated[str, typer.Option("--value-column", help="value-added column")],
    gdp: Annotated[
        Path, typer.Option("--gdp", help="CSV with region, year, gdp in the value column's unit")
    ],
    out: Annotated[Path, typer.Option("--out", help="output CSV")],
    region_column: Annotated[str | None, typer.Option("--region-column")] = None,
    year_column: Annotated[str | None, typer.Option("--year-column")] = None,
) -> None:
    """Measure a register without ingesting it: one row per region × year × category
    (01…05, core, total, NA, UNMATCHED) with value and share_of_gdp (%)."""
    from workbench.classify import ClassifyInputError, read_records
    from workbench.registers.measure import measure_frame

    try:
        g = read_gdp(gdp, region_column is not None, year_column is not None)
        df = read_records(register, code_column)
        m = measure_frame(
            df,
            code_column,
            value_column,
            region_column=region_column,
            year_column=year_column,
            gdp=g,
        )
    except ClassifyInputError as exc:
        from workbench.cli.classify import input_error

        _fail(input_error(register.name, exc))
    except (OSError, ValueError) as exc:
        _fail(of_exception(exc))
    t = m.table[["region", "year", "category", "value", "share_of_gdp"]]
    missing = t[t["share_of_gdp"].isna() & (t["category"] == "total")]
    for r in missing.itertuples(index=False):
        typer.echo(tr(f"warning: no GDP for region {r.region!r} year {r.year}: share left empty",
                      f"警告：地区 {r.region!r} {r.year}年 没有 GDP：比重留空"), err=True)  # fmt: skip
    from workbench import export

    out.parent.mkdir(parents=True, exist_ok=True)
    export.write_csv(t, out)
    _echo_notes(m.notes)
    typer.echo(tr(f"wrote {len(t)} rows to {out}", f"已写入 {len(t)} 行：{out}"))


def register(app: typer.Typer) -> None:
    """Add ``register …`` and ``measure`` to ``app``."""
    app.add_typer(register_app, name="register")
    app.command("measure")(measure_cmd)


@register_app.command("synth")
def synth_cmd(
    out: Annotated[Path, typer.Option("--out", help="register CSV to write (Chinese headers)")],
    seed: Annotated[int, typer.Option("--seed")] = 2021,
    enterprises: Annotated[int, typer.Option("--enterprises", min=200)] = 3000,
    ingest: Annotated[bool, typer.Option("--ingest", help="also ingest it (as SYNTHETIC)")] = False,
) -> None:
    """Write the SYNTHETIC multi-year register 2019–2025 (workbench.synthetic), optionally ingest it."""
    from workbench.registers.derived import ingest_register
    from workbench.synthetic import write_enterprise_register

    path = write_enterprise_register(out, seed=seed, n_enterprises=enterprises)
    typer.echo(tr(f"wrote SYNTHETIC register {path}", f"已写入合成企业名录 {path}"))
    if ingest:
        res, pub = ingest_register(
            path, source=f"SYNTHETIC register (workbench.synthetic, seed {seed})", synthetic=True
        )
        _echo_ingest(res, pub)
