"""Hostile input, property-based: post random and hostile values to a form as a given person and
check that the answer is never a server error and that no row the person may not touch changed.

How a process app adds its forms — no new test file, just rows next to its permission matrix.
In `<app>/tests/matrix.py` (the same `build(world)` creates the objects; `world` holds the
personas of tests/factories.py and whatever `build` put there):

    from tests.hostile import HostileForm, ids, money, number, text

    HOSTILE_FORMS = [
        HostileForm(
            "visits: log a visit",
            persona="north_rep",
            url="visits:visit-create",                      # a URL name, or lambda world: "/path/"
            fields={
                "customer": ids(lambda w: [w.north_customer.pk, w.east_customer.pk]),
                "visited_on": text(),                       # any field: hostile strings
                "cost": money(),                            # negative, huge, NaN, 1e400, 0.0001…
                "notes": text(),
            },
            # rows this person may not touch: compared before and after every post
            guard=lambda w: Visit.objects.exclude(region=w.north),
        ),
        HostileForm(
            "visits: edit another region's visit",
            persona="north_rep",
            # ids in the path
            url=("visits:visit-edit", lambda w: [w.north_visit.pk, w.east_visit.pk]),
            fields={"cost": money()},
            guard=lambda w: Visit.objects.filter(pk=w.east_visit.pk),
        ),
    ]

`tests/test_hostile_input.py` collects every app's HOSTILE_FORMS and runs each through
hypothesis (HOSTILE_EXAMPLES examples per form, 25 by default); every example runs in a
transaction that is rolled back, so each starts from the same rows. It also posts fields the
form does not have (`region`, `owner`, `submitter`, `state`, … set to other regions' ids): a
form must ignore them. A status below 500 is fine (200 with errors, 302, 403, 404, 405, 429);
an exception or a 500 fails, and so does any change to the guarded rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

# Strings that have broken web forms somewhere: injections, markup, spreadsheet formulas,
# control and invisible characters, right-to-left and full-width text, huge and odd encodings.
HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "' OR '1'='1",
    "'; DROP TABLE regions_user; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    '=HYPERLINK("http://example.com","x")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "-2+3",
    "\u202eevil\u202c",
    "\u200b\u200d\ufeff",
    "ＡＢＣ１２３",
    "华北 客户 有限公司",
    "مرحبا",
    "😀" * 50,
    "\r\n\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "javascript:alert(1)",
    "//example.com",
    "https://example.com/",
    "\\\\example.com",
    "x" * 151,
    "x" * 256,
    "长" * 3000,
    "x" * 100_000,
    "\ud7ff\ue000\uffff",
]
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "-0",
    "-0.01",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "0.000000000001",
    "123.456789012345678901234567890",
    "99999999999999999999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "1,000.50",
    "1 000",
    "１２３",
    "0x10",
    "1_000",
    "",
    " 12 ",
]
# Primary keys that do not belong to anyone: zero, negative, beyond every integer column.
HOSTILE_IDS = [
    "0",
    "-1",
    "2147483648",
    "9223372036854775807",
    "99999999999999999999999",
    "1.5",
    "abc",
    "",
]


def text() -> st.SearchStrategy[str]:
    """Hostile strings, random Unicode (any code point a form can carry), and numbers as text."""
    return st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
        st.sampled_from(HOSTILE_NUMBERS),
    )


def number() -> st.SearchStrategy[str]:
    """Numbers a person should not be able to type: negative, huge, NaN, many decimals, text."""
    return st.one_of(
        st.sampled_from(HOSTILE_NUMBERS),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        st.sampled_from(HOSTILE_STRINGS[:12]),
    )


def money() -> st.SearchStrategy[str]:
    """Amounts: `number()` plus many-decimal and just-over-the-limit values."""
    return st.one_of(
        number(),
        st.decimals(min_value=-(10**20), max_value=10**20, places=6).map(str),
        st.sampled_from(
            ["0.005", "0.001", "99999999999999.99", "100000000000000.00", "-99999999999999.99"]
        ),
    )


def ids(values: Callable[[object], list[int]]) -> Callable[[object], st.SearchStrategy[str]]:
    """The given objects' ids (typically one the person may use and others of other regions),
    plus ids that belong to nobody."""
    return lambda world: st.one_of(
        st.sampled_from([str(v) for v in values(world)]), st.sampled_from(HOSTILE_IDS)
    )


def choice(valid: list[str]) -> st.SearchStrategy[str]:
    """A choice field: its valid values half the time, hostile text otherwise."""
    return st.one_of(st.sampled_from(list(valid)), text())


FieldSpec = st.SearchStrategy | Callable[[object], st.SearchStrategy] | str


@dataclass
class HostileForm:
    name: str
    persona: str  # a persona of tests/factories.py, or "anonymous"
    url: str | tuple[str, Callable[[object], list[int]]] | Callable[[object], str]
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    guard: Callable[[object], object] | None = None  # -> a queryset (or a list of them)
    method: str = "post"
    mass_assignment: bool = True  # also post region/owner/… fields the form does not have
    headers: dict = field(default_factory=dict)

    def url_strategy(self, world) -> st.SearchStrategy[str]:
        from django.urls import reverse

        if callable(self.url):
            return st.just(self.url(world))
        if isinstance(self.url, tuple):
            name, values = self.url
            good = [reverse(name, args=[v]) for v in values(world)]
            # ids that do not fit the URL's converter cannot be reversed: build them by hand
            template = reverse(name, args=[987654321]).replace("987654321", "{}")
            bad = [template.format(v) for v in HOSTILE_IDS if v and v.lstrip("-").isdigit()]
            return st.sampled_from(good + bad)
        return st.just(reverse(self.url))

    def data_strategy(self, world) -> st.SearchStrategy[dict]:
        fields = {}
        for name, spec in self.fields.items():
            if isinstance(spec, str):
                fields[name] = st.just(spec)
            elif isinstance(spec, st.SearchStrategy):
                fields[name] = spec
            else:
                fields[name] = spec(world)
        strategy = st.fixed_dictionaries(fields)
        if self.mass_assignment:
            other = [str(v) for v in _other_ids(world)]
            extras = st.dictionaries(
                st.sampled_from(
                    [
                        "region",
                        "region_id",
                        "owner",
                        "author",
                        "submitter",
                        "state",
                        "approver",
                        "decided_by",
                        "id",
                        "pk",
                        "role",
                        "is_superuser",
                        "is_staff",
                    ]
                ),
                st.sampled_from(other + ["1", "approved", "true"]),
                max_size=3,
            )
            strategy = st.tuples(strategy, extras).map(lambda pair: {**pair[1], **pair[0]})
        return strategy


def _other_ids(world) -> list[int]:
    """Ids of the objects other people own: other regions, other people."""
    found = []
    for name in ("east", "south", "east_manager", "east_rep", "gm", "director"):
        obj = getattr(world, name, None)
        if obj is not None:
            found.append(obj.pk)
    return found or [1]


def snapshot(guard) -> list:
    """Every guarded row, every column, in a stable order."""
    if guard is None:
        return []
    querysets = guard if isinstance(guard, list | tuple) else [guard]
    return [list(qs.order_by("pk").values()) for qs in querysets]
