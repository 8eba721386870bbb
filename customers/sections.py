"""What other apps show on a customer's page, declared in their `menus.py` and read here when
the apps are ready (`load_sections`): `CUSTOMER_SECTIONS`, `KEY_FIGURES`, `TIMELINE`,
`PROJECT_SECTIONS`, `PROJECT_COLUMNS`, `FUNNEL_COLUMNS`, `PLATFORM_COLUMNS`, `STAGE_COLUMNS`.

    # pricing/menus.py
    from customers.sections import CustomerSection, TimelineEntry, TimelineSource

    CUSTOMER_SECTIONS = [CustomerSection(
        key="pricing-competitors", template="pricing/_customer_competitors.html", order=40,
        context=lambda user, customer: {
            "rows": competitor_prices(user=user, customer=customer)[:10]
        },
    )]
    TIMELINE = [TimelineSource(
        key="pricing-quotes",
        entries=lambda user, customer, limit: [
            TimelineEntry(
                when=q.created_at.date(), kind=_("Quote"), title=str(q), url=q.get_absolute_url()
            )
            for q in quote_list(user=user).filter(customer=customer)[:limit]
        ],
    )]

Development-project pages take sections the same way (e.g. budgets' project budget):

    PROJECT_SECTIONS = [ProjectSection(
        key="budgets-project-budget", template="budgets/_project_budget.html",
        context=panels.project_budget,
    )]

and the project page renders `project_sections_for(user, project)` in order.

Some things belong beside a row the customers app already shows rather than in a list of their
own: the technical data of each of the customer's platforms, the deliverables recorded for each
stage of a project. A `RowColumn` adds one cell to each such row (and an optional footer below
the rows); its `values` callable gets the user, the parent (customer or project) and the rows,
and returns a dict with "by_row" ({row key: value} — the platform's pk, the stage's value) plus
anything the templates need, in a fixed number of queries for all rows together:

    PLATFORM_COLUMNS = [RowColumn(
        key="techsupport-platform-info", label=_("Technical data"),
        template="techsupport/_platform_info_cell.html",   # gets item, row, data
        footer="techsupport/_platform_info_footer.html",   # gets data
        values=lambda user, customer, platforms: {"by_row": {...}},
    )]
    STAGE_COLUMNS = [RowColumn(...)]                       # project page, keyed by stage value

The project list and the funnel take columns the same way: `register_project_column` adds a
cell to each project of the list's page (`values(user, None, projects)`, "by_row" keyed by the
project's pk), `register_funnel_column` a cell to each stage of the funnel table
(`values(user, region_code, rows)`, "by_row" keyed by the stage value; region_code is "" for the
person's whole scope). A figure in the row on top of the customer page is a `CustomerSection`
registered with `register_key_figure`, whose template renders one `<div class="kpi">`:

    register_key_figure(CustomerSection(
        key="budgets-customer-project-budget",
        template="budgets/_customer_project_budget_figure.html",
        context=lambda user, customer: {"total": ...},
    ))

Each provider reads through the access layer with a fixed number of queries (one or two),
whatever the customer's history length or the number of rows. A provider returning None hides
its section (or figure, or column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass
class CustomerSection:
    key: str
    template: str
    context: Callable[[object, object], dict | None]
    order: int = 50


@dataclass
class TimelineEntry:
    when: date
    kind: str
    title: str
    url: str = ""
    detail: str = ""


@dataclass
class TimelineSource:
    key: str
    entries: Callable[[object, object, int], list[TimelineEntry]]


@dataclass
class ProjectSection:
    key: str
    template: str
    context: Callable[[object, object], dict | None]
    order: int = 50


@dataclass
class RowColumn:
    key: str
    label: str
    template: str
    values: Callable[[object, object, list], dict | None]
    footer: str = ""
    order: int = 50


_SECTIONS: dict[str, CustomerSection] = {}
_PLATFORM_COLUMNS: dict[str, RowColumn] = {}
_STAGE_COLUMNS: dict[str, RowColumn] = {}
_PROJECT_SECTIONS: dict[str, ProjectSection] = {}
_TIMELINE: dict[str, TimelineSource] = {}
_KEY_FIGURES: dict[str, CustomerSection] = {}
_PROJECT_COLUMNS: dict[str, RowColumn] = {}
_FUNNEL_COLUMNS: dict[str, RowColumn] = {}
# Key-account plan pages take sections the same way (PLAN_SECTIONS; context(user, plan)): the
# plan's volume and revenue targets come from the issued region plan (planning).
_PLAN_SECTIONS: dict[str, CustomerSection] = {}


def register_section(section: CustomerSection) -> None:
    _SECTIONS[section.key] = section


def register_timeline(source: TimelineSource) -> None:
    _TIMELINE[source.key] = source


def register_project_section(section: ProjectSection) -> None:
    _PROJECT_SECTIONS[section.key] = section


def register_platform_column(column: RowColumn) -> None:
    _PLATFORM_COLUMNS[column.key] = column


def register_stage_column(column: RowColumn) -> None:
    _STAGE_COLUMNS[column.key] = column


def register_key_figure(figure: CustomerSection) -> None:
    _KEY_FIGURES[figure.key] = figure


def register_project_column(column: RowColumn) -> None:
    _PROJECT_COLUMNS[column.key] = column


def register_funnel_column(column: RowColumn) -> None:
    _FUNNEL_COLUMNS[column.key] = column


def _rows_with_columns(registry, user, parent, rows, row_key) -> tuple[list[dict], list[dict]]:
    columns = []
    for column in sorted(registry.values(), key=lambda c: (c.order, c.key)):
        data = column.values(user, parent, rows)
        if data is not None:
            columns.append(
                {
                    "key": column.key,
                    "label": column.label,
                    "template": column.template,
                    "footer": column.footer,
                    "data": data,
                }
            )
    table = [
        {
            "row": row,
            "cells": [
                {"column": c, "item": c["data"].get("by_row", {}).get(row_key(row))}
                for c in columns
            ],
        }
        for row in rows
    ]
    return columns, table


def platform_rows_for(user, customer, platforms) -> tuple[list[dict], list[dict]]:
    """(columns, rows): every platform of the customer with the other apps' cells beside it."""
    return _rows_with_columns(_PLATFORM_COLUMNS, user, customer, platforms, lambda p: p.pk)


def stage_rows_for(user, project, stages) -> tuple[list[dict], list[dict]]:
    """(columns, rows): every stage of the project with the other apps' cells beside it."""
    return _rows_with_columns(_STAGE_COLUMNS, user, project, stages, lambda s: s.stage)


def project_rows_for(user, projects) -> tuple[list[dict], list[dict]]:
    """(columns, rows): the project list's page of projects with the other apps' cells."""
    return _rows_with_columns(_PROJECT_COLUMNS, user, None, projects, lambda p: p.pk)


def funnel_rows_for(user, region_code, rows) -> tuple[list[dict], list[dict]]:
    """(columns, rows): the funnel's stages with the other apps' cells beside each."""
    return _rows_with_columns(_FUNNEL_COLUMNS, user, region_code, rows, lambda r: r.stage)


def register_plan_section(section: CustomerSection) -> None:
    _PLAN_SECTIONS[section.key] = section


def plan_sections_for(user, plan) -> list[dict]:
    """The other apps' sections of a key-account plan's page, in order."""
    return _sections(_PLAN_SECTIONS, user, plan)


def project_sections_for(user, project) -> list[dict]:
    result = []
    for section in sorted(_PROJECT_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        data = section.context(user, project)
        if data is not None:
            result.append({"key": section.key, "template": section.template, "data": data})
    return result


def _sections(registry, user, customer) -> list[dict]:
    result = []
    for section in sorted(registry.values(), key=lambda s: (s.order, s.key)):
        data = section.context(user, customer)
        if data is not None:
            result.append({"key": section.key, "template": section.template, "data": data})
    return result


def sections_for(user, customer) -> list[dict]:
    return _sections(_SECTIONS, user, customer)


def key_figures_for(user, customer) -> list[dict]:
    """The other apps' figures for the row on top of the customer page, in order."""
    return _sections(_KEY_FIGURES, user, customer)


def timeline_for(user, customer, *, limit: int = 30) -> list[TimelineEntry]:
    """The newest `limit` entries from every source, merged newest first."""
    entries: list[TimelineEntry] = []
    for source in _TIMELINE.values():
        entries.extend(source.entries(user, customer, limit))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def load_sections() -> None:
    """Register what every app's menus.py declares for the customer and project pages."""
    from core.discovery import app_modules

    for _label, module in app_modules("menus"):
        for section in getattr(module, "CUSTOMER_SECTIONS", ()):
            register_section(section)
        for source in getattr(module, "TIMELINE", ()):
            register_timeline(source)
        for section in getattr(module, "PROJECT_SECTIONS", ()):
            register_project_section(section)
        for column in getattr(module, "PLATFORM_COLUMNS", ()):
            register_platform_column(column)
        for column in getattr(module, "STAGE_COLUMNS", ()):
            register_stage_column(column)
        for figure in getattr(module, "KEY_FIGURES", ()):
            register_key_figure(figure)
        for column in getattr(module, "PROJECT_COLUMNS", ()):
            register_project_column(column)
        for column in getattr(module, "FUNNEL_COLUMNS", ()):
            register_funnel_column(column)
        for section in getattr(module, "PLAN_SECTIONS", ()):
            register_plan_section(section)
