"""``import workbench as wb`` gives an economist the calls of the library without internals."""

from __future__ import annotations

import workbench as wb


def test_facade_lists_and_loads_plans():
    ids = [p.id for p in wb.plans()]
    assert "chizhou-digital" in ids and ids == sorted(ids)
    plan = wb.load_plan("chizhou-digital")
    assert repr(plan).startswith("Plan('chizhou-digital'")
    assert wb.plans.load_plan("chizhou-digital") is plan  # the module stays usable


def test_facade_names_resolve_to_the_library_functions():
    from workbench.forecast import forecast
    from workbench.refresh import latest_run
    from workbench.targets import Status

    assert wb.latest_run is latest_run and wb.Status is Status
    assert wb.forecast.forecast is forecast  # the package, callable as the function:
    import pandas as pd

    hist = pd.DataFrame({"series_id": "a", "year": range(2010, 2020), "value": range(10, 20)})
    assert len(wb.forecast(hist, to_year=2022, n_paths=50).table) == 3
    for name in wb.__all__:
        assert getattr(wb, name) is not None, name


def test_submodules_keep_their_names_whatever_was_imported_first():
    import workbench.refresh as by_path
    from workbench import refresh as by_from

    assert by_from is by_path and callable(by_from) and by_from.refresh is by_path.refresh
    assert wb.refresh is by_path
