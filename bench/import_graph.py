"""Count how Daybook's own modules import each other: the floor plan in figures.

Reads the source with ast (nothing is imported), leaves out tests and
migrations, and counts every import statement, lazy ones inside functions
included. Prints the imports that cross from one app to another (accounts,
entries, project), the cycles between modules, and the cycles between
apps. `make lint` enforces the rules themselves (import-linter, with the
contracts in pyproject.toml); this script only counts.

    .venv/bin/python bench/import_graph.py
"""

import ast
import itertools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "entries", "project")


def modules():
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "tests" in parts or "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(name, path, known):
    """(imported module, line) for each of Daybook's modules this one imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from entries import tasks" names the module entries.tasks.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in dict.fromkeys(targets):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


# Where the site is put together from its apps: it names them all by design.
WIRING = {"project.urls", "project.settings"}


def cycles(graph):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = itertools.count()
    sys.setrecursionlimit(10000)

    def visit(node):
        index[node] = low[node] = next(counter)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    known = modules()
    statements = [
        (name, target) for name, path in known.items() for target, _ in imports(name, path, known)
    ]
    edges = set(statements)
    graph = {}
    for importer, imported in edges:
        graph.setdefault(importer, set()).add(imported)
    cross = Counter(
        (importer.split(".")[0], imported.split(".")[0])
        for importer, imported in statements
        if importer.split(".")[0] != imported.split(".")[0]
    )
    apps = {}
    for importer, imported in edges:
        app, other = importer.split(".")[0], imported.split(".")[0]
        if app != other and importer not in WIRING:
            apps.setdefault(app, set()).add(other)
    module_cycles = cycles(graph)
    app_cycles = cycles(apps)
    print(f"modules: {len(known)}, import statements between them: {len(statements)}")
    print(f"cross-app import statements: {sum(cross.values())}")
    for (importer, imported), count in sorted(cross.items()):
        print(f"  {importer} -> {imported}: {count}")
    print(f"module cycles: {len(module_cycles)}")
    for component in module_cycles:
        print("  " + " <-> ".join(component))
    print(f"cycles between apps (project/urls.py and settings.py aside): {len(app_cycles)}")
    for component in app_cycles:
        print("  " + " <-> ".join(component))
    return 0


if __name__ == "__main__":
    sys.exit(main())
