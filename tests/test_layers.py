"""The house rules, checked from the source: imports only go downward through the
layers (cli | api → views → queries | curate → store → dataset → ground level), the two
middle rooms (queries, curate) and the two top ones (cli, api) do not import each other,
and no module imports itself back through a circle, counting the imports made inside
functions too. The package root is ground level, but its open() hands over to the API."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "aitrack"

# Higher number = higher layer. queries and curate share a rank, and so do cli and api (the
# Python API, aitrack/api.py): neither of a pair may import the other.
RANK = {"ground": 0, "dataset": 1, "store": 2, "queries": 3, "curate": 3, "views": 4, "cli": 5, "api": 5, "entry": 6}
GROUND = {"__init__", "errors", "config", "kinds", "quantity", "dates", "vocab"}
# The one upward import allowed: `aitrack.open()` imports the API when called (and names its
# return type for type checkers only), so `import aitrack` stays cheap (tests/test_api.py
# checks what it loads).
ROOT_HANDS_OVER = {("aitrack", "aitrack.api")}


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "ground"
    if parts[1] == "__main__":
        return "entry"
    if parts[1] in GROUND:
        return "ground"
    return parts[1]


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PKG.rglob("*.py") if "_bundled" not in p.parts}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every aitrack module this file imports, at any depth of the code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from aitrack.x import y` may name a submodule y or an attribute of x.
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name.startswith("aitrack"):
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {m: imports_of(p, known) - {m} for m, p in mods.items()}


def test_every_module_sits_in_a_known_room():
    for module in modules():
        assert room(module) in RANK, f"{module} is in no room of the house"


def test_imports_only_go_downward():
    upward = []
    for module, targets in graph().items():
        mine = room(module)
        for target in targets:
            theirs = room(target)
            if target == "aitrack" or theirs == mine or (module, target) in ROOT_HANDS_OVER:
                continue  # the package root (version), a module's own room, and aitrack.open
            if RANK[theirs] >= RANK[mine]:
                upward.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert not upward, "\n".join(sorted(upward))


def test_no_import_circles():
    deps = graph()
    # A package's __init__ is imported on the way to any of its modules; that edge is not a circle.
    for module in deps:
        deps[module] = {t for t in deps[module] if not module.startswith(t + ".")}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(deps.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" → ".join(path[path.index(nxt) :] + [nxt]) if nxt in path else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(deps):
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(circles)


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule above must be able to fail: a store module importing a view is caught."""
    fake = tmp_path / "aitrack" / "store"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("def f():\n    from aitrack.views.render import emit\n")
    found = imports_of(fake / "bad.py", {"aitrack.views.render", "aitrack.views"})
    assert found == {"aitrack.views.render"}
    assert RANK[room("aitrack.views.render")] > RANK[room("aitrack.store.bad")]


def test_each_room_says_what_it_is_for_and_who_may_import_it():
    for folder in (p for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
        assert doc and "import" in doc, f"{folder.name}/__init__.py needs a docstring naming who may import it"


def test_every_module_has_a_docstring_and_stays_small():
    for module, path in modules().items():
        source = path.read_text()
        assert ast.get_docstring(ast.parse(source)), f"{module} has no docstring"
        assert len(source.splitlines()) <= 330, f"{module} has {len(source.splitlines())} lines (keep to about 300)"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def private_uses(path: Path, module: str, known: set[str]) -> list[str]:
    """Where a module reaches into another aitrack module's private names: `from X import
    _name`, or `X._name` on a module imported as X. Its own privates and dunders are fine."""
    tree = ast.parse(path.read_text(), str(path))
    found, aliases = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name in known:
                    aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module in known and node.level == 0:
            for a in node.names:
                if f"{node.module}.{a.name}" in known:  # a submodule
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
                elif _private(a.name) and node.module != module:
                    found.append(f"{module}:{node.lineno} imports {a.name} from {node.module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = aliases.get(ast.unparse(node.value))
            if owner and owner != module:
                found.append(f"{module}:{node.lineno} uses {owner}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    mods = modules()
    found = [f for module, path in mods.items() for f in private_uses(path, module, set(mods))]
    assert not found, "\n".join(found)


def test_the_checker_sees_a_private_name_borrowed(tmp_path):
    (tmp_path / "bad.py").write_text(
        "from aitrack.views.cells import _raw, literal\n"
        "from aitrack.store import tables\n"
        "from aitrack import __version__\n"
        "def f(x):\n    return tables._intern(x), tables.flat(x)\n"
    )
    known = {"aitrack", "aitrack.views.cells", "aitrack.store", "aitrack.store.tables"}
    assert private_uses(tmp_path / "bad.py", "aitrack.views.bad", known) == [
        "aitrack.views.bad:1 imports _raw from aitrack.views.cells",
        "aitrack.views.bad:5 uses aitrack.store.tables._intern",
    ]
