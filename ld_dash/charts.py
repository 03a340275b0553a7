"""Plotly figure builders named for the mark: data first, columns as keywords, one template.

Builders never query and never cache; an empty frame gives an explicit empty-state figure.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ld_dash import palette
from ld_dash.formatting import printable

PALETTE = palette.SERIES
STATUS_COLOURS = palette.STATUS_COLOURS
PLAN_COLOUR = palette.SLATE
FONT = "Source Sans Pro, Arial, sans-serif"


def _layout(fig: go.Figure, *, height: int = 360, y_format: str | None = None, legend: bool = True) -> go.Figure:
    fig.update_layout(
        template="plotly_white", height=height, margin=dict(l=10, r=10, t=30, b=10),
        font=dict(family=FONT, size=13), colorway=PALETTE, showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        hoverlabel=dict(font_size=13),
    )
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    return fig


def empty(message: str = "No data for this selection") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15, color=palette.SLATE),
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=220, legend=False)


def _wrap(label: object, width: int = 14) -> str:
    """Break a long category name over two lines at the space nearest its middle."""
    text = str(label)
    if len(text) <= width or " " not in text:
        return text
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + text[cut + 1:]


def _tick(unit: str | None) -> str | None:
    return ".0%" if unit == "pct" else None


def bar(df: pd.DataFrame, *, x: str, y: str, color: str | None = None, unit: str | None = None,
        horizontal: bool = False, target: float | None = None, target_label: str = "Plan",
        colors: Sequence[str] | None = None, color_map: dict[str, str] | None = None,
        barmode: str = "group", text: bool = True, scale: tuple[float, float] | None = None,
        height: int = 360) -> go.Figure:
    """Bars of `y` by `x` (grouped by `color`, fixed colours per group via `color_map`), with an optional
    plan line. `barmode="overlay"` draws one full-width bar per category when groups do not share one.

    Bars start at zero, unless the values live on a bounded scale (`scale=(1, 5)` for a 1-5 rating): then
    the axis spans that scale, so a 4.2 bar is not drawn as 84% of the way to a 5 that starts at 0."""
    data = df.dropna(subset=[y])
    if data.empty:
        return empty()
    fig = go.Figure()
    series = [(None, data)] if color is None else list(data.groupby(color, sort=False))
    whole = unit is None and bool((data[y].dropna() % 1 == 0).all())
    fmt = {"pct": "%{y:.0%}", "currency": "%{y:,.0f}", "count": "%{y:,.0f}",
           "score": "%{y:.2f}", "levels": "%{y:.2f}"}.get(unit or "", "%{y:,.0f}" if whole else "%{y:,.1f}")
    if horizontal:
        fmt = fmt.replace("{y", "{x")
    # With a plan line, value labels go inside the bars' ends and the line behind the bars, so the line
    # never runs through a label (outside labels near the plan were crossed by it).
    # A bar too short to hold its label shows it outside ("auto"). On a bounded scale the bars start at the
    # scale's low end (base), so a 1.20 on 1-5 is a short bar whose label fits beside it, not under the axis.
    # Stacked parts carry their labels inside (outside, plotly shows only the last part's).
    inside = target is not None or barmode == "stack"
    low = scale[0] if scale is not None else 0.0
    value_fmt = fmt.replace("{x", "{customdata").replace("{y", "{customdata")
    for i, (name, part) in enumerate(series):
        kwargs = dict(name=str(name) if name is not None else y, texttemplate=value_fmt if text else None,
                      textposition="auto" if inside else "outside", cliponaxis=False, base=low or None,
                      customdata=part[y], hovertemplate=value_fmt +
                      "<extra>%{" + ("y" if horizontal else "x") + "}</extra>")
        if barmode == "stack":
            kwargs.update(textposition="inside", insidetextanchor="middle", insidetextfont=dict(color=palette.WHITE))
        elif inside:
            kwargs.update(insidetextanchor="end", insidetextfont=dict(color=palette.WHITE),
                          outsidetextfont=dict(color=palette.INK), constraintext="none")
        if colors is not None and color is None:
            kwargs["marker_color"] = list(colors)
        elif color_map is not None and name is not None and str(name) in color_map:
            kwargs["marker_color"] = color_map[str(name)]
        lengths = part[y] - low
        if horizontal:
            fig.add_bar(x=lengths, y=part[x], orientation="h", **kwargs)
        else:
            fig.add_bar(x=part[x], y=lengths, **kwargs)
    if target is not None:
        if horizontal:
            fig.add_vline(x=target, line_dash="dash", line_color=PLAN_COLOUR, layer="below",
                          annotation_text=target_label, annotation_position="top")
        else:
            fig.add_hline(y=target, line_dash="dash", line_color=PLAN_COLOUR, layer="below",
                          annotation_text=target_label, annotation_position="top right",
                          annotation_font_color=PLAN_COLOUR, annotation_bgcolor="rgba(255,255,255,0.8)")
    fig.update_layout(barmode=barmode)
    _layout(fig, height=height, legend=color is not None)
    if barmode == "stack" and horizontal:
        fig.update_layout(legend_traceorder="normal")  # the legend reads left to right, as the parts do
    # Keep categories in the order the query sorted them (groups would otherwise reorder them), and
    # leave headroom so that value labels outside the bars are not cut off.
    order = dict(categoryorder="array", categoryarray=list(dict.fromkeys(data[x])))
    highest = float(data.groupby(x, sort=False)[y].sum().max() if barmode == "stack" else data[y].max())
    top = (max(highest, target or 0.0) * (1.0 if barmode == "stack" else 1.15)
           if highest > 0 and (text or barmode == "stack") else None)
    value_range = [0, top] if top else None
    if scale is not None:
        low, high = scale
        value_range = [low, high + (high - low) * (0.12 if text else 0.02)]  # room for the value labels
    if horizontal:
        fig.update_xaxes(tickformat=_tick(unit), range=value_range)
        fig.update_yaxes(autorange="reversed", **order)
        if target is not None and color is not None:
            # The plan line's label sits above the bars, where a legend on top would cover it.
            fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.08, x=0))
    else:
        fig.update_yaxes(tickformat=_tick(unit), range=value_range)
        fig.update_xaxes(**order)
    return fig


ZOOMED_AXIS_NOTE = "Axis does not start at zero"


def line(df: pd.DataFrame, *, x: str, y: str, color: str | None = None, unit: str | None = None,
         target: float | None = None, target_label: str = "Plan", height: int = 360) -> go.Figure:
    """Lines of `y` over `x` (one per `color`), with an optional plan line."""
    data = df.dropna(subset=[y])
    if data.empty:
        return empty()
    fig = go.Figure()
    series = [(y, data)] if color is None else list(data.groupby(color, sort=False))
    for name, part in series:
        fig.add_scatter(x=part[x], y=part[y], mode="lines+markers", name=str(name))
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", line_color=PLAN_COLOUR, annotation_text=target_label,
                      annotation_position="top left")
    lowest = min([float(data[y].min()), *([target] if target is not None else [])])
    if lowest > 0:
        # A line's axis zooms on its values (a trend would be a flat line from zero), so a small change
        # looks large: the chart says so rather than leaving the reader to notice.
        # As the axis title, beside the axis it is about (above the plot it collided with legends).
        fig.update_yaxes(title=dict(text=ZOOMED_AXIS_NOTE, font=dict(size=11, color=palette.SLATE)))
    return _layout(fig, height=height, y_format=_tick(unit), legend=color is not None)


def radar(df: pd.DataFrame, *, theta: str, r: str, compare: str | None = None, name: str = "Current",
          compare_name: str = "Comparison", height: int = 420) -> go.Figure:
    """Scores 0-100 around a circle, with an optional comparison outline."""
    if df[r].notna().sum() == 0:
        return empty()
    # Every dimension keeps its spoke; one without a score says so instead of silently vanishing.
    every = df.assign(**{theta: [_wrap(t) + ("<br>(no score)" if pd.isna(v) else "")
                                 for t, v in zip(df[theta], df[r])]})
    data = every.dropna(subset=[r])
    closed = pd.concat([data, data.head(1)])
    fig = go.Figure()
    fig.add_scatterpolar(r=[0] * len(every), theta=every[theta], mode="markers", marker_opacity=0,
                         showlegend=False, hoverinfo="skip")
    if compare is not None and closed[compare].notna().any():
        fig.add_scatterpolar(r=closed[compare], theta=closed[theta], name=compare_name, line_color=palette.GREY,
                             line_dash="dot")
    fig.add_scatterpolar(r=closed[r], theta=closed[theta], name=name, fill="toself", line_color=PALETTE[0],
                         fillcolor="rgba(31,78,121,0.25)")
    # The scale runs between two spokes (half a spoke's angle) so its numbers never sit on a dimension's name.
    between = 180 / max(1, len(every))
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], tickvals=[25, 50, 75, 100], angle=between,
                                                 tickangle=between),
                                 angularaxis=dict(tickfont=dict(size=12), categoryorder="array",
                                                  categoryarray=list(every[theta]))))
    _layout(fig, height=height)
    # Room for the dimension names around the circle; the legend below it, clear of the top names.
    fig.update_layout(margin=dict(l=110, r=110, t=40, b=70),
                      legend=dict(orientation="h", yanchor="top", y=-0.14, x=0.5, xanchor="center"))
    return fig


def heatmap(df: pd.DataFrame, *, x: str, y: str, z: str, unit: str | None = None,
            colorscale: str = palette.GOOD_LOW_SCALE, zmid: float | None = None, height: int = 420) -> go.Figure:
    """A grid of `z` by `x` and `y`; suppressed cells stay blank."""
    if df.empty or df[z].notna().sum() == 0:
        return empty()
    grid = df.pivot_table(index=y, columns=x, values=z, aggfunc="first", dropna=False)
    fmt = ".0%" if unit == "pct" else ".2f"
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=list(grid.columns), y=list(grid.index),
                               colorscale=colorscale, zmid=zmid, texttemplate="%{z:" + fmt + "}",
                               colorbar=dict(tickformat=_tick(unit)),
                               hovertemplate="%{y} · %{x}: %{z:" + fmt + "}<extra></extra>"))
    return _layout(fig, height=height, legend=False)


def funnel(df: pd.DataFrame, *, stage: str, value: str, height: int = 360) -> go.Figure:
    data = df.dropna(subset=[value])
    if data.empty:
        return empty()
    fig = go.Figure(go.Funnel(y=data[stage], x=data[value], textinfo="value+percent initial"))
    return _layout(fig, height=height, legend=False)


def scatter(df: pd.DataFrame, *, x: str, y: str, label: str | None = None, size: str | None = None,
            x_unit: str | None = None, y_unit: str | None = None, height: int = 380) -> go.Figure:
    data = df.dropna(subset=[x, y])
    if data.empty:
        return empty()
    fig = go.Figure(go.Scatter(x=data[x], y=data[y], mode="markers+text" if label else "markers",
                               text=data[label] if label else None, textposition="top center",
                               marker=dict(size=(data[size] / data[size].max() * 40 + 8) if size else 12,
                                           color=PALETTE[1], opacity=0.8)))
    fig.update_xaxes(title=x.replace("_", " "), tickformat=_tick(x_unit), range=_padded(data[x]))
    fig.update_yaxes(title=y.replace("_", " "), tickformat=_tick(y_unit), range=_padded(data[y]))
    return _layout(fig, height=height, legend=False)


def status_bars(df: pd.DataFrame, *, label: str, value: str, status: str, height: int = 380) -> go.Figure:
    """Horizontal bars of scores 0-100 coloured by status, weakest at the bottom."""
    data = df.dropna(subset=[value]).sort_values(value, ascending=False)
    if data.empty:
        return empty()
    fig = go.Figure()
    # One trace per status, so the legend names the colours; the bar's label says the status in words
    # too (colour is never the only cue).
    for name in [s for s in STATUS_COLOURS if s in set(data[status])]:
        part = data[data[status] == name]
        fig.add_trace(go.Bar(x=part[value], y=part[label], orientation="h", name=name,
                             marker_color=STATUS_COLOURS[name], text=[f"{v:.0f} · {name}" for v in part[value]],
                             textposition="auto", insidetextanchor="end",
                             textfont=dict(color=palette.INK if name == "watch" else palette.WHITE),  # contrast
                             outsidetextfont=dict(color=palette.INK), cliponaxis=False,
                             hovertemplate="%{y}: %{x:.0f} / 100<extra>" + name + "</extra>"))
    fig.update_xaxes(range=[0, 102], tickvals=[0, 20, 40, 60, 80, 100])
    fig.update_yaxes(categoryorder="array", categoryarray=list(data[label])[::-1])
    fig.update_layout(barmode="overlay", legend=dict(title_text="Status: "))
    return _layout(fig, height=height, legend=True)


def _padded(values: pd.Series, share: float = 0.15) -> list[float]:
    """An axis range with room for the point labels at both ends."""
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share or abs(high) * 0.05 or 1.0
    return [low - pad, high + pad]


NEGATIVE_COLOUR, POSITIVE_COLOUR, TOTAL_COLOUR = palette.RED, palette.GREEN, palette.NAVY


def _money(value: float) -> str:
    """Short money labels for bars: 1.2M, 340k, 950."""
    size = abs(value)
    text = f"{size / 1e6:.1f}M" if size >= 1e6 else f"{size / 1e3:.0f}k" if size >= 1e4 else f"{size:,.0f}"
    return ("−" if value < 0 else "+" if value > 0 else "") + text


def waterfall(df: pd.DataFrame, *, x: str, y: str, measure: str, unit: str | None = "currency",
              height: int = 380) -> go.Figure:
    """Steps from costs (down, red) through benefits (up, green) to a total (navy), labelled with amounts."""
    if df.empty:
        return empty()
    fig = go.Figure(go.Waterfall(
        x=[_wrap(v) for v in df[x]], y=df[y], measure=df[measure], text=[_money(v) for v in df[y]],
        textposition="outside", cliponaxis=False, connector=dict(line=dict(color=palette.GREY, dash="dot")),
        decreasing=dict(marker_color=NEGATIVE_COLOUR), increasing=dict(marker_color=POSITIVE_COLOUR),
        totals=dict(marker_color=TOTAL_COLOUR),
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    fig.add_hline(y=0, line_color=palette.SLATE, line_width=1)
    # Room above the bars' outside labels and below the lowest running total.
    running = df[y].where(df[measure] != "total", 0).cumsum()
    low, high = min(0.0, float(running.min()), float(df[y].min())), max(0.0, float(running.max()), float(df[y].max()))
    pad = (high - low) * 0.12 or 1.0
    fig.update_yaxes(range=[low - pad, high + pad], tickformat="~s")
    return _layout(fig, height=height, legend=False)


def tornado(df: pd.DataFrame, *, label: str, low: str, high: str, base: str, unit: str | None = "pct",
            height: int = 380) -> go.Figure:
    """For each row, a bar from the base value to the value at the low and at the high end of a range."""
    data = df.dropna(subset=[base])
    if data.empty:
        return empty()
    if (data[[low, high]].sub(data[base], axis=0).abs().fillna(0) < 1e-9).all().all():
        return empty("ROI does not move with any assumption: no benefit is established,<br>so there is "
                     "nothing for the assumptions to scale (costs and benefits cancel out).")
    centre = float(data[base].iloc[0])
    fmt = ".0%" if unit == "pct" else ",.2f"
    fig = go.Figure()
    for column, name, colour in ((low, "Assumption at its low end", palette.PLUM),
                                 (high, "Assumption at its high end", palette.TEAL)):
        fig.add_bar(y=[_wrap(v, 30) for v in data[label]], x=data[column] - centre, base=centre,
                    orientation="h", name=name, marker_color=colour,
                    customdata=data[column], hovertemplate="%{y}<br>ROI %{customdata:" + fmt + "}<extra></extra>")
    fig.add_vline(x=centre, line_color=palette.SLATE, line_dash="dash")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(tickformat=".0%" if unit == "pct" else None, title_text="ROI (dashed line: as assumed)")
    _layout(fig, height=height)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.22, x=0))
    return fig


def literal_text(df: pd.DataFrame) -> pd.DataFrame:
    """Text from data made literal for plotly, which reads some HTML (<a href>, <b>, <br>) in labels and
    hover text: `<` and `&` become entities, which plotly shows as the characters themselves."""
    text_columns = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
    if not text_columns:
        return df
    out = df.copy()
    for column in text_columns:
        out[column] = out[column].map(lambda v: html.escape(printable(v), quote=False) if isinstance(v, str) else v)
    return out
