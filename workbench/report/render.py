"""Charts as PNG bytes, rendered by vl-convert from the app's own Altair charts."""

from __future__ import annotations


def chart_png(chart, scale: float = 2.0) -> bytes:
    """PNG bytes of an Altair chart (it must have a numeric width)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(vl_spec=chart.to_json(), scale=scale)
