"""The layers of the code, as README's architecture section draws them: a module imports only from
its own layer and the layers below (every import, at the top of a module or inside a function).

    kepu_portal                     the portal as a whole (reads every app)
    activities   funding   bases    siblings: none imports another (models refer across by label)
    societies (the domain)          Society, User, volunteers, brands, commendations, accounts
    societies.framework             filing workflow, access, views, admin, forms, uploads, outbox…
    societies.choices               the shared vocabulary (cities, levels, roles)
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("societies", "activities", "funding", "bases", "kepu_portal")


def layer_of(module: str) -> tuple[int, str]:
    """(height, group) of a dotted module name; siblings share a height but not a group."""
    parts = module.split(".")
    if parts[0] == "societies":
        if parts[1:2] == ["choices"]:
            return 0, "choices"
        if parts[1:2] in (["framework"], ["templatetags"], ["tasks"]):
            return 1, "framework"
        return 2, "societies"
    if parts[0] in ("activities", "funding", "bases"):
        return 3, parts[0]
    return 4, "kepu_portal"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path, module: str):
    """Every project module ``path`` imports, resolved to absolute names."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                names = [target] if node.module else [f"{base}.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        yield from (name for name in names if name.split(".")[0] in APPS)


SOURCES = sorted(
    path
    for app in APPS
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
)


def test_the_walk_reads_the_apps():
    assert len(SOURCES) > 60


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path):
    module = _module_name(path)
    height, group = layer_of(module)
    wrong = []
    for imported in _imports(path, module):
        other_height, other_group = layer_of(imported)
        if other_height > height or (other_height == height and other_group != group):
            wrong.append(imported)
    assert not wrong, f"{module} ({group}) imports {wrong}, which sit above it or beside it"


def test_the_check_would_catch_a_wrong_import(tmp_path):
    sample = ROOT / "funding" / "_layer_probe.py"
    sample.write_text("from activities.models import Activity\nfrom societies.models import Society\n")
    try:
        imported = list(_imports(sample, "funding._layer_probe"))
    finally:
        sample.unlink()
    assert [layer_of(name) for name in imported] == [(3, "activities"), (2, "societies")]
