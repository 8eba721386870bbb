"""The shape the next apps copy: who may do what is declared in one place per app, and the
apps import each other in one direction only (core imports none of them)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ROLE_GRANT = re.compile(r"\bRole\.[A-Z_]+|\.role\s*(in|==|!=)|role__in\s*=|user\.role\b")
# Besides each app's permissions.py, the role vocabulary lives where the organisation is defined
# (regions: a front-end role needs a region; the reporting line) and where the approval
# mechanism routes a document to the role the authority table names. None of these grants an
# action.
ROLE_VOCABULARY = {
    "regions/roles.py",
    "regions/models.py",
    "approvals/models.py",
    "approvals/services.py",
    "approvals/selectors.py",
    "access/actions.py",
    "access/policies.py",
}


def project_apps() -> dict[str, Path]:
    result = {}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(ROOT) and "site-packages" not in path.parts:
            result[config.name.split(".")[0]] = path
    result.pop("tests", None)
    return result


def source_files(app_path: Path):
    for path in sorted(app_path.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or "/tests/" in relative:
            continue
        yield relative, path


def test_role_names_grant_nothing_outside_the_declarations():
    offenders = []
    for _name, app_path in project_apps().items():
        for relative, path in source_files(app_path):
            name = relative.rsplit("/", 1)[-1]
            if name in {"permissions.py", "demo.py", "bench.py"} or relative in ROLE_VOCABULARY:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if ROLE_GRANT.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
        for template in sorted(app_path.rglob("*.html")):
            for number, line in enumerate(template.read_text().splitlines(), 1):
                if ROLE_GRANT.search(line):
                    offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if ROLE_GRANT.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Ask access.can / {% can %} instead:\n" + "\n".join(offenders)


def import_graph() -> dict[str, set[str]]:
    """app -> the other project apps its code imports (at the top of a module or inside a
    function alike; tests and migrations left out)."""
    names = project_apps()
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, app_path in names.items():
        for _relative, path in source_files(app_path):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    targets = [node.module]
                else:
                    continue
                for target in targets:
                    top = target.split(".")[0]
                    if top in names and top != name:
                        graph[name].add(top)
    return graph


def test_core_is_the_ground_floor():
    assert import_graph()["core"] == set()


def test_apps_import_each_other_without_cycles():
    graph = import_graph()
    cycles = []

    def visit(node, path):
        for target in sorted(graph[node]):
            if target in path:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            else:
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    assert not cycles, "import cycles between apps:\n" + "\n".join(sorted(set(cycles)))


def test_every_app_with_tests_is_collected_by_make_test():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    missing = [name for name, path in project_apps().items() if (path / "tests").is_dir()]
    missing = [name for name in missing if name not in testpaths]
    assert not missing, f"add to [tool.pytest.ini_options] testpaths: {missing}"
