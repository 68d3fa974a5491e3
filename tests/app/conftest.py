"""One refresh run for every AppTest test, in a temporary WORKBENCH_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture(scope="session", autouse=True)
def run(tmp_path_factory):
    """The refresh run the pages read (WORKBENCH_HOME points at a temp dir for the session)."""
    home = tmp_path_factory.mktemp("workbench_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(home))
        mp.delenv("WORKBENCH_UPLOAD_TOKEN", raising=False)
        import datetime as dt

        from workbench.refresh import refresh

        # judged as of mid-2021, so the 2022 and 2025 targets are open and carry probabilities
        yield refresh("chizhou-digital", as_of=dt.date(2021, 6, 30))


# ---------------------------------------------------------------- every visible string


def _arrow(data: bytes):
    import io

    import pyarrow as pa

    return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas()


def _spec_titles(obj, out: list[str]) -> None:
    """Titles, labels and texts anywhere in a Vega-Lite spec."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("title", "text") and isinstance(v, str):
                out.append(v)
            else:
                _spec_titles(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _spec_titles(v, out)


def _frame_texts(df, columns_json: str, verbatim: set[str]) -> list[tuple[str, str]]:
    """Headers (the column_config label where set) and string cells of a shown frame."""
    import json

    cfg = json.loads(columns_json) if columns_json else {}
    out = []
    for c in df.columns:
        conf = cfg.get(str(c), {})
        if conf.get("hidden") or conf is None:
            continue
        header = conf.get("label") or str(c)
        out.append(("header", header))
        if header not in verbatim:
            out.extend(("cell", v) for v in df[c].dropna().unique() if isinstance(v, str))
            if df[c].isna().any():  # the browser draws a missing cell as the word "None"
                out.append(("cell", "None"))
    return out


def _node_texts(node, verbatim: set[str], out: list[tuple[str, str]]) -> None:
    import json

    kind = getattr(node, "type", "") or type(node).__name__
    proto = getattr(node, "proto", None)
    if getattr(node, "key", None) == "lang_switch":
        return  # the language switch names both languages on purpose
    if kind == "vega_lite_chart":
        titles: list[str] = []
        spec = json.loads(proto.spec)
        _spec_titles(spec, titles)
        out.extend(("chart", x) for x in titles)
        for rows in spec.get("datasets", {}).values():  # data inlined in the spec
            for row in rows:
                out.extend(("chart data", v) for v in row.values() if isinstance(v, str))
        for d in proto.datasets:
            df = _arrow(d.data.data)
            for c in df.columns:
                if df[c].dtype == object:
                    out.extend(
                        ("chart data", v) for v in df[c].dropna().unique() if isinstance(v, str)
                    )
    elif kind == "dataframe":
        out.extend(_frame_texts(node.value, proto.columns, verbatim))
    elif kind == "table":
        df = node.value
        out.extend(("header", str(c)) for c in df.columns)
        out.extend(("row", str(i)) for i in df.index)
        for c in df.columns:
            if str(c) not in verbatim:
                out.extend(("cell", v) for v in df[c].unique() if isinstance(v, str))
                if df[c].isna().any():  # drawn as the word "None"
                    out.append(("cell", "None"))
    elif proto is not None:
        fields = proto.DESCRIPTOR.fields_by_name
        for f in ("label", "body", "value", "help", "placeholder", "delta", "caption", "text"):
            if f in fields and isinstance(getattr(proto, f), str) and getattr(proto, f):
                out.append((kind, getattr(proto, f)))
        if "options" in fields:
            try:
                options = node.options
            except Exception:  # elements whose options are not formatted strings
                options = list(proto.options)
            out.extend((f"{kind} option", str(o)) for o in options)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _node_texts(child, verbatim, out)


@pytest.fixture(scope="session")
def page_texts():
    """``page_texts(at, verbatim)`` → every (kind, text) an AppTest run shows: titles,
    captions, alerts, metrics, widget labels and options, table headers and cells, chart
    titles and chart data. Columns whose header is in ``verbatim`` keep their cells out
    (a record's own words: source, URL, quote)."""

    def collect(at, verbatim: set[str] = frozenset()) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        _node_texts(at._tree, set(verbatim), out)
        return out

    return collect
