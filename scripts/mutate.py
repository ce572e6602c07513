"""Mutation testing of the guard modules (issue #20, ADR 0020): small changes to the code that must refuse, mask,
encrypt and move work orders, and whether the tests that exercise each module notice.

    .venv/bin/python scripts/mutate.py                      # every guard module of scripts/mutate.toml
    .venv/bin/python scripts/mutate.py shequ/core/scope.py  # one
    .venv/bin/python scripts/mutate.py --ci                 # this run's share of the rotation; fails under 90 %
    .venv/bin/python scripts/mutate.py --cov-options        # the pytest-cov options of `make test`

Each module runs in a process of its own: one pytest session collects the module's tests, runs them once (they must
pass) while recording which lines of the module each test runs, and then, for each mutant, patches the mutated
function's code object in place (or, for a module-level or class-level statement, the values it binds), runs the
tests that run the mutated line — fastest first, stopping at the first failure —, and restores the original. The
test database is created once per module, not once per mutant.

Operators: comparison flips (`==`/`!=`, `<`/`<=`, `>`/`>=`, `in`/`not in`, `is`/`is not`), `and`/`or` swaps and
dropped operands, a dropped `not`, `any`/`all`, `+`/`-`, integer constants ±1, `True`/`False`, a deleted `raise`
(→ `pass`), `return x` → `return None`, and in regular expressions: the `^`/`$` anchors removed, each `{m,n}`
bound ±1, each digit range of a character class widened; plus the swaps a module lists in the config (e.g.
`HANDLER` ↔ `SUPERVISOR`). Not mutated: docstrings, annotations, decorators, default arguments, `__all__`, other
string constants.

A mutant is *killed* when a test fails (or exceeds its time), *survives* when all its tests pass, and has *no test*
when no test runs its line. Mutants listed in docs/development/equivalent-mutants.md (by key) are excluded from the
score: score = killed / (mutants − equivalent).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import fcntl
import hashlib
import importlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import types
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "mutate.toml"
EQUIVALENTS = ROOT / "docs" / "development" / "equivalent-mutants.md"
OUT = ROOT / "var" / "mutate"

# ---- mutants ---------------------------------------------------------------------------------------------------

COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Lt: (ast.LtE,),
    ast.LtE: (ast.Lt,),
    ast.Gt: (ast.GtE,),
    ast.GtE: (ast.Gt,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
OP_TEXT = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.And: "and",
    ast.Or: "or",
    ast.Add: "+",
    ast.Sub: "-",
}
REGEX_CALLS = {"compile", "match", "search", "fullmatch", "sub", "split", "findall"}
QUANTIFIER = re.compile(r"\{(\d+)(?:,(\d+))?\}")
DIGIT_RANGE = re.compile(r"(?<=[\[\w])([0-9])-([0-9])")


@dataclass
class Mutant:
    key: str  # stable: module, enclosing scope, operator and the source it changes (+ #n when repeated)
    line: int
    end_line: int
    description: str
    node: int  # the index of the changed node in ast.walk order
    variant: int  # which of the node's mutations
    kind: str  # "function" (patch its code), "class" or "module" (re-bind what the statement binds)
    target: str  # the qualified name of the function / class patched, or "" for the module
    statement: int  # the index of the top-level statement (module kind) or class-body statement (class kind)
    status: str = ""  # killed / survived / no-test / equivalent / timeout / error
    by: str = ""  # the test that killed it
    before: bool = False  # killed by a test that existed at the `--before` commit
    seconds: float = 0.0


def _regex_variants(pattern: str) -> list[tuple[str, str]]:
    variants = []
    if pattern.startswith("^"):
        variants.append((pattern[1:], "regex: '^' removed"))
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        variants.append((pattern[:-1], "regex: '$' removed"))
    for match in QUANTIFIER.finditer(pattern):
        low, high = int(match[1]), match[2]
        bounds = [(low, high)]
        options = []
        if high is None:
            options = [(low - 1, None), (low + 1, None)]
        else:
            options = [(low - 1, int(high)), (low + 1, int(high)), (low, int(high) - 1), (low, int(high) + 1)]
        for new_low, new_high in options:
            if new_low < 0 or (new_high is not None and new_high < new_low) or (new_low, new_high) in bounds:
                continue
            text = f"{{{new_low}}}" if new_high is None else f"{{{new_low},{new_high}}}"
            variants.append(
                (
                    pattern[: match.start()] + text + pattern[match.end() :],
                    f"regex: {match[0]} → {text} at {match.start()}",
                )
            )
    for match in DIGIT_RANGE.finditer(pattern):
        low, high = match[1], match[2]
        for new_low, new_high in ((str(int(low) - 1), high), (low, str(int(high) + 1))):
            if not ("0" <= new_low <= "9" and len(new_high) == 1):
                continue
            text = f"{new_low}-{new_high}"
            variants.append(
                (
                    pattern[: match.start()] + text + pattern[match.end() :],
                    f"regex: [{match[0]}] → [{text}] at {match.start()}",
                )
            )
    return variants


class _Finder(ast.NodeVisitor):
    """Walks a module and lists, for every node, the mutations it allows (`sites`), with its scope."""

    def __init__(self, tree: ast.Module, swaps: list[list[str]]):
        self.index = {id(node): number for number, node in enumerate(ast.walk(tree))}
        self.swaps = {name: [other for other in group if other != name] for group in swaps for name in group}
        self.skip: set[int] = set()
        self.scope: list[tuple[str, str]] = []  # (kind, name)
        self.statement = {"module": -1, "class": -1}
        self.sites: list[tuple[ast.AST, int, str, str, str, str, int]] = []
        self._mark_skipped(tree)

    def _mark_skipped(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                    self._skip_all(body[0])  # docstring
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for part in (node.args, node.returns, *node.decorator_list):
                    if part is not None:
                        self._skip_all(part)
            if isinstance(node, ast.ClassDef):
                for part in (*node.decorator_list, *node.bases, *node.keywords):
                    self._skip_all(part)
            if isinstance(node, ast.AnnAssign):
                self._skip_all(node.annotation)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                self._skip_all(node)

    def _skip_all(self, node: ast.AST) -> None:
        self.skip.update(id(child) for child in ast.walk(node))

    def where(self) -> tuple[str, str, int]:
        functions = [name for kind, name in self.scope if kind == "def"]
        if functions:
            # The outermost function (a top-level one or a method): its code object is what gets patched.
            outer = next(i for i, (kind, _name) in enumerate(self.scope) if kind == "def")
            return "function", ".".join(name for _kind, name in self.scope[: outer + 1]), -1
        if self.scope:
            return "class", ".".join(name for _kind, name in self.scope), self.statement["class"]
        return "module", "", self.statement["module"]

    def visit_Module(self, node: ast.Module) -> None:
        for number, statement in enumerate(node.body):
            self.statement["module"] = number
            self.visit(statement)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(("class", node.name))
        for number, statement in enumerate(node.body):
            self.statement["class"] = number
            self.visit(statement)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scope.append(("def", node.name))
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.body)

    def add(self, node: ast.AST, variant: int, operator: str, description: str) -> None:
        kind, target, statement = self.where()
        self.sites.append((node, variant, operator, description, kind, target, statement))

    def generic_visit(self, node: ast.AST) -> None:
        if id(node) not in self.skip:
            self.mutations(node)
        super().generic_visit(node)

    def mutations(self, node: ast.AST) -> None:
        source = _short(node)
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                for variant, new in enumerate(COMPARE_SWAPS.get(type(op), ())):
                    self.add(node, position * 10 + variant, "compare", f"{OP_TEXT[type(op)]} → {OP_TEXT[new]}")
        elif isinstance(node, ast.BoolOp):
            other = "or" if isinstance(node.op, ast.And) else "and"
            self.add(node, 0, "boolop", f"{OP_TEXT[type(node.op)]} → {other}")
            for position, value in enumerate(node.values):
                self.add(node, 1 + position, "drop-operand", f"operand dropped: {_short(value)}")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.add(node, 0, "drop-not", "not dropped")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            new = "-" if isinstance(node.op, ast.Add) else "+"
            self.add(node, 0, "arith", f"{OP_TEXT[type(node.op)]} → {new}")
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            self.add(node, 0, "bool", f"{node.value} → {not node.value}")
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            self.add(node, 0, "number", f"{node.value} → {node.value + 1}")
            self.add(node, 1, "number", f"{node.value} → {node.value - 1}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("any", "all"):
            self.add(node, 0, "any-all", f"{node.func.id} → {'all' if node.func.id == 'any' else 'any'}")
        elif isinstance(node, ast.Call) and _is_regex_call(node) and node.args:
            pattern = node.args[0]
            if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
                for variant, (_new, description) in enumerate(_regex_variants(pattern.value)):
                    self.add(node, variant, "regex", description)
        elif isinstance(node, ast.Raise):
            self.add(node, 0, "delete-raise", "raise deleted")
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                self.add(node, 0, "return-none", "return None")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in self.swaps:
            for variant, other in enumerate(self.swaps[node.id]):
                self.add(node, variant, "swap", f"{node.id} → {other}")
        del source


def _is_regex_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in REGEX_CALLS
        and isinstance(func.value, ast.Name)
        and func.value.id == "re"
    )


def _short(node: ast.AST, limit: int = 70) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def find_mutants(path: str, swaps: list[list[str]] | None = None) -> list[Mutant]:
    source = (ROOT / path).read_text()
    tree = ast.parse(source)
    finder = _Finder(tree, swaps or [])
    finder.visit(tree)
    mutants: list[Mutant] = []
    seen: dict[str, int] = {}
    for node, variant, _operator, description, kind, target, statement in finder.sites:
        scope = target or (f"<module:{statement}>" if kind == "module" else "")
        base = f"{path}::{target or '<module>'}::{description}::{_short(node, 60)}"
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        del scope
        mutants.append(
            Mutant(
                key=key,
                line=node.lineno,
                end_line=node.end_lineno or node.lineno,
                description=f"{description} in `{_short(node)}`",
                node=finder.index[id(node)],
                variant=variant,
                kind=kind,
                target=target,
                statement=statement,
            )
        )
    return mutants


def mutated_tree(source: str, mutant: Mutant, swaps: list[list[str]] | None = None) -> ast.Module:
    """The module's tree with `mutant` applied."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    node = nodes[mutant.node]
    parents = {id(child): parent for parent in nodes for child in ast.iter_child_nodes(parent)}
    replacement: ast.AST | None = None
    if isinstance(node, ast.Compare):
        position, variant = divmod(mutant.variant, 10)
        node.ops[position] = COMPARE_SWAPS[type(node.ops[position])][variant]()
    elif isinstance(node, ast.BoolOp):
        if mutant.variant == 0:
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        else:
            values = [v for i, v in enumerate(node.values) if i != mutant.variant - 1]
            if len(values) == 1:
                replacement = values[0]
            else:
                node.values = values
    elif isinstance(node, ast.UnaryOp):
        replacement = node.operand
    elif isinstance(node, ast.BinOp):
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        node.value = not node.value
    elif isinstance(node, ast.Constant):
        node.value = node.value + (1 if mutant.variant == 0 else -1)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        node.func.id = "all" if node.func.id == "any" else "any"
    elif isinstance(node, ast.Call):
        pattern = node.args[0]
        assert isinstance(pattern, ast.Constant)
        pattern.value = _regex_variants(pattern.value)[mutant.variant][0]
    elif isinstance(node, ast.Raise):
        replacement = ast.Pass()
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(None)
    elif isinstance(node, ast.Name):
        group = {name: [o for o in g if o != name] for g in (swaps or []) for name in g}
        node.id = group[node.id][mutant.variant]
    if replacement is not None:
        parent = parents[id(node)]
        for name, value in ast.iter_fields(parent):
            if value is node:
                setattr(parent, name, replacement)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is node:
                        value[i] = replacement
    ast.fix_missing_locations(tree)
    for child in ast.walk(tree):  # a replacement keeps the replaced node's place
        if not hasattr(child, "lineno") and isinstance(child, ast.stmt | ast.expr):
            child.lineno = child.end_lineno = mutant.line
    return tree


# ---- patching a loaded module in place -------------------------------------------------------------------------


def _unwrap(value):
    """The plain function behind a method, property, cached_property, cache or decorator."""
    for attribute in ("fget", "func", "__func__"):
        inner = getattr(value, attribute, None)
        if isinstance(inner, types.FunctionType):
            value = inner
            break
    while not isinstance(value, types.FunctionType) or hasattr(value, "__wrapped__"):
        inner = getattr(value, "__wrapped__", None)
        if inner is None:
            break
        value = inner
    return value


def _resolve(module: types.ModuleType, qualname: str):
    value = module
    for part in qualname.split("."):
        value = value.__dict__[part] if isinstance(value, type) else getattr(value, part)
    return value


def _code_objects(code: types.CodeType):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _code_objects(constant)


def _clear_caches(module: types.ModuleType) -> None:
    for value in list(vars(module).values()):
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


class Patch:
    """`mutant` applied to the loaded `module`; `undo()` puts everything back."""

    def __init__(self, module: types.ModuleType, path: str, mutant: Mutant, swaps):
        self.undo_steps: list = []
        self.module = module
        source = (ROOT / path).read_text()
        tree = mutated_tree(source, mutant, swaps)
        code = compile(tree, str(ROOT / path), "exec")
        if mutant.kind == "function":
            function = _unwrap(_resolve(module, mutant.target))
            original = function.__code__
            name = original.co_qualname
            new = next(
                c for c in _code_objects(code) if c.co_qualname == name and c.co_firstlineno == original.co_firstlineno
            )
            function.__code__ = new
            self.undo_steps.append(lambda: setattr(function, "__code__", original))
        else:
            namespace = {"__name__": module.__name__, "__file__": module.__file__, "__builtins__": builtins}
            exec(code, namespace)  # noqa: S102 - the module's own source, one change made
            if mutant.kind == "class":
                original_class = _resolve(module, mutant.target)
                new_class = namespace[mutant.target.split(".")[0]]
                for part in mutant.target.split(".")[1:]:
                    new_class = new_class.__dict__[part]
                statement = _class_body(tree, mutant.target)[mutant.statement]
                for name in _bound_names(statement):
                    if name in original_class.__dict__:
                        old = original_class.__dict__[name]
                        setattr(original_class, name, new_class.__dict__[name])
                        self.undo_steps.append(lambda c=original_class, n=name, o=old: setattr(c, n, o))
            # The module's data too: a dataclass's default lives in its generated __init__, so the instances the
            # module builds (a table of steps) must come from the mutated class.
            self._rebind(namespace)
        _clear_caches(module)

    def _rebind(self, namespace: dict) -> None:
        """Every data value of the module from the mutated module's run: dicts in place (other modules hold them),
        other values re-bound here and wherever another module imported the same object under the same name."""
        others = [m for name, m in list(sys.modules.items()) if name.startswith("shequ") and m is not self.module]
        for name, old in list(vars(self.module).items()):
            if name.startswith("__") or name not in namespace:
                continue
            if isinstance(old, types.ModuleType | types.FunctionType | type) or callable(
                getattr(old, "__wrapped__", None)
            ):
                continue
            new = namespace[name]
            if type(old) is dict and type(new) is dict:
                saved = dict(old)
                old.clear()
                old.update(new)
                self.undo_steps.append(lambda d=old, s=saved: (d.clear(), d.update(s)))
                continue
            holders = [self.module] + [m for m in others if getattr(m, name, None) is old]
            for holder in holders:
                setattr(holder, name, new)
                self.undo_steps.append(lambda h=holder, n=name, o=old: setattr(h, n, o))

    def undo(self) -> None:
        for step in reversed(self.undo_steps):
            step()
        _clear_caches(self.module)


def _class_body(tree: ast.Module, qualname: str) -> list[ast.stmt]:
    body = tree.body
    for part in qualname.split("."):
        body = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == part).body
    return body


def _bound_names(statement: ast.stmt) -> list[str]:
    names = []
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return names


# ---- the pytest side: one session per module -------------------------------------------------------------------


class MutantTimeout(Exception):
    """A test ran far longer than it does on the original code (an endless loop, most likely)."""


class _Parents:
    """A stand-in 'next item' whose ancestors are `item`'s: tearing down to it ends `item`'s own fixtures and those of
    any other class or module, and keeps `item`'s class (its `setUpTestData`), module and session (the test database)
    set up for the next mutant."""

    def __init__(self, item):
        self.chain = item.listchain()[:-1]
        self.nodeid = item.nodeid

    def listchain(self):
        return self.chain


class MutationPlugin:
    def __init__(self, path: str, module_name: str, swaps, mutants: list[Mutant], budget: float, out: Path, before):
        self.path, self.module_name, self.swaps = path, module_name, swaps
        self.mutants, self.budget, self.out = mutants, budget, out
        self.before = before  # None, or the commit whose tests are "before"
        self.partial = False  # only some of the module's mutants (`--only`)
        self.failed: str | None = None

    def pytest_runtest_logreport(self, report):
        if report.failed and self.failed is None:
            self.failed = report.nodeid

    def _run_one(self, session, item, limit: float | None = None) -> None:
        parents = _Parents(item)
        session._setupstate.teardown_exact(parents)  # another class's fixtures, if the last item was elsewhere
        if limit:
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            item.ihook.pytest_runtest_protocol(item=item, nextitem=parents)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _run(self, session, items, timeouts) -> str | None:
        """Run `items` in order; the first failing one's id, or None."""
        self.failed = None
        for item in items:
            self._run_one(session, item, timeouts.get(item.nodeid))
            if self.failed is not None:
                return self.failed
        return None

    def pytest_runtestloop(self, session):
        import coverage

        def on_alarm(signum, frame):
            raise MutantTimeout("the test ran far longer than on the original code")

        signal.signal(signal.SIGALRM, on_alarm)
        items = list(session.items)
        module = importlib.import_module(self.module_name)
        filename = str(Path(module.__file__).resolve())
        cov = coverage.Coverage(data_file=None, include=[filename], config_file=False)
        lines: dict[str, set[int]] = {}
        durations: dict[str, float] = {}
        self.failed = None
        started = time.monotonic()
        for item in items:
            cov.erase()
            cov.start()
            begun = time.monotonic()
            self._run_one(session, item)
            durations[item.nodeid] = time.monotonic() - begun
            cov.stop()
            lines[item.nodeid] = set(cov.get_data().lines(filename) or ())
        baseline = time.monotonic() - started
        result = {"module": self.path, "tests": len(items), "baseline_seconds": round(baseline, 1), "mutants": []}
        # The lines inside functions that none of the module's tests runs (module-level lines run at import).
        statements = set(cov.analysis2(filename)[1])
        run = set().union(*lines.values()) if lines else set()
        from coverage.python import PythonParser

        parser = PythonParser(filename=filename)
        parser.parse_source()
        run = parser.first_lines(run)  # a statement over several lines counts by its first
        result["unrun_lines"] = sorted((statements & _function_lines(ROOT / self.path)) - run)
        if self.failed is not None:
            result["error"] = f"the tests fail on the original code: {self.failed}"
            self.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
            return True
        old: set[str] = set()
        if self.before:
            # The tests that existed at that commit run first: a mutant they kill counts for the "before" score.
            old = {item.nodeid for item in items if _existed(item, self.before)}
            result["before_tests"] = len(old)
        # Fastest first, but a class's tests together (its fixtures are set up once for them).
        by_speed = sorted(
            items, key=lambda item: (item.nodeid not in old, item.nodeid.rsplit("::", 1)[0], durations[item.nodeid])
        )
        timeouts = {nodeid: 10 * seconds + 10 for nodeid, seconds in durations.items()}
        deadline = time.monotonic() + self.budget
        for mutant in self.mutants:
            if mutant.status:  # equivalent
                continue
            if time.monotonic() > deadline:
                mutant.status = "not-run"
                continue
            span = set(range(mutant.line, mutant.end_line + 1))
            if mutant.kind == "function":
                chosen = [item for item in by_speed if lines[item.nodeid] & span]
            else:
                chosen = by_speed
            if not chosen:
                mutant.status = "no-test"
                continue
            begun = time.monotonic()
            try:
                patch = Patch(module, self.path, mutant, self.swaps)
            except Exception as error:  # the mutant does not even load: the module would not import
                mutant.status, mutant.by = "killed", f"import: {type(error).__name__}: {error}"[:200]
                continue
            try:
                failed = self._run(session, chosen, timeouts)
            finally:
                patch.undo()
            mutant.seconds = round(time.monotonic() - begun, 2)
            if os.environ.get("MUTATE_PROGRESS"):
                outcome = "killed" if failed else "SURVIVED"
                print(f"{self.path}:{mutant.line}: {mutant.description[:60]}: {outcome}", file=sys.__stderr__)
            mutant.status, mutant.by = ("killed", failed) if failed else ("survived", "")
            mutant.before = bool(failed) and failed.split("[")[0] in {nodeid.split("[")[0] for nodeid in old}
        session._setupstate.teardown_exact(None)
        result["mutants"] = [asdict(mutant) for mutant in self.mutants]
        result["seconds"] = round(time.monotonic() - started, 1)
        if self.partial and self.out.exists():
            # `--only`: the other mutants keep their earlier results.
            earlier = json.loads(self.out.read_text())
            fresh = {mutant["key"]: mutant for mutant in result["mutants"]}
            result["mutants"] = [fresh.pop(mutant["key"], mutant) for mutant in earlier["mutants"]]
            result["mutants"] += list(fresh.values())
        self.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        return True


def _function_lines(path: Path) -> set[int]:
    """The lines of the bodies of the module's functions and methods."""
    found: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for statement in node.body:
                found.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    return found


_OLD_FILES: dict[tuple[str, str], str] = {}


def _existed(item, commit: str) -> bool:
    """Whether `item`'s test function (in its class) is in its file at `commit`."""
    path = item.nodeid.split("::")[0]
    if (commit, path) not in _OLD_FILES:
        shown = subprocess.run(["git", "show", f"{commit}:{path}"], capture_output=True, text=True, cwd=ROOT)
        _OLD_FILES[commit, path] = shown.stdout if shown.returncode == 0 else ""
    text = _OLD_FILES[commit, path]
    parts = item.nodeid.split("[")[0].split("::")[1:]
    name = parts[-1]
    if not re.search(rf"^\s*def {re.escape(name)}\(", text, re.M):
        return False
    return all(re.search(rf"^class {re.escape(cls)}\b", text, re.M) for cls in parts[:-1])


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def equivalent_keys() -> dict[str, str]:
    """Keys listed in docs/development/equivalent-mutants.md: lines "- `<key>` — why"."""
    if not EQUIVALENTS.exists():
        return {}
    found = {}
    for line in EQUIVALENTS.read_text().splitlines():
        match = re.match(r"^- `(shequ/[^`]+)` — (.+)$", line)
        if match:
            found[match[1]] = match[2]
    return found


def worker(path: str, spec: dict, budget: float, only: str | None, before: str | None, rerun: bool = False) -> None:
    """In a process of its own: run the mutants of one module and write var/mutate/<module>.json."""
    import pytest

    swaps = spec.get("swaps", [])
    mutants = find_mutants(path, swaps)
    equivalents = equivalent_keys()
    for mutant in mutants:
        if mutant.key in equivalents:
            mutant.status = "equivalent"
    if only:
        mutants = [m for m in mutants if only in m.key]
    OUT.mkdir(parents=True, exist_ok=True)
    if rerun:
        # The mutants that survived the last run (after tests were added for them), the rest kept as they were.
        earlier = json.loads((OUT / (path.replace("/", "_") + ".json")).read_text())
        again = {m["key"] for m in earlier["mutants"] if m["status"] in ("survived", "no-test", "not-run")}
        mutants = [m for m in mutants if m.key in again]
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / (path.replace("/", "_") + ".json")
    plugin = MutationPlugin(path, _module_name(path), swaps, mutants, budget, out, before)
    plugin.partial = bool(only) or rerun
    # The test database is kept between runs (its name follows the migrations): created once, not once a module.
    # One worker at a time uses it: a second `make mutate` waits here rather than meet a locked database.
    digest = hashlib.sha1(b"".join(p.read_bytes() for p in sorted(ROOT.glob("shequ/*/migrations/*.py")))).hexdigest()
    database = Path(os.environ.get("MUTATE_DATABASE") or OUT / f"test-{digest[:12]}.sqlite3")
    os.environ["SHEQU_TEST_SQLITE"] = str(database)
    lock = database.with_suffix(".lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    options = ["-q", "-p", "no:cov", "-p", "no:cacheprovider", "-p", "no:randomly", "-W", "ignore", "--reuse-db"]
    code = pytest.main(
        [*options, *spec["tests"]],
        plugins=[plugin],
    )
    if not out.exists():
        sys.exit(f"{path}: pytest stopped before the mutants ran (exit {code}).")


# ---- the driver ------------------------------------------------------------------------------------------------


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def load_config() -> dict:
    return tomllib.loads(CONFIG.read_text())


def summarise(path: str) -> dict:
    data = json.loads((OUT / (path.replace("/", "_") + ".json")).read_text())
    counts: dict[str, int] = {}
    equivalents = equivalent_keys()  # as listed now, whatever they were when the mutants ran
    for mutant in data["mutants"]:
        if mutant["status"] in ("survived", "no-test") and mutant["key"] in equivalents:
            mutant["status"] = "equivalent"
        counts[mutant["status"]] = counts.get(mutant["status"], 0) + 1
    scored = sum(counts.get(s, 0) for s in ("killed", "survived", "no-test"))
    data["counts"] = counts
    data["score"] = round(100 * counts.get("killed", 0) / scored, 1) if scored else 100.0
    before = sum(1 for mutant in data["mutants"] if mutant.get("before"))
    data["before_score"] = round(100 * before / scored, 1) if scored else 100.0
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="guard modules (paths); default: all of scripts/mutate.toml")
    parser.add_argument("--ci", action="store_true", help="only this run's share of the rotation; fail under the floor")
    parser.add_argument("--share", type=int, help="which share of the rotation (default: commit count modulo shares)")
    parser.add_argument("--budget", type=float, help="seconds per module before the rest are left not run")
    parser.add_argument("--only", help="only mutants whose key contains this text")
    parser.add_argument("--rerun", action="store_true", help="run again only the mutants that survived last time")
    parser.add_argument("--before", help="a commit: also score the tests that existed there (run first)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--survivors", action="store_true", help="print every surviving mutant")
    parser.add_argument(
        "--cov-options", action="store_true", help="print pytest options: the guard tests, with coverage of the guards"
    )
    parser.add_argument("--other-tests", action="store_true", help="print pytest options: every other test")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    config = load_config()
    modules: dict[str, dict] = config["modules"]
    if args.cov_options:
        # The guard modules' own tests, with coverage of the guard modules: the lines they do not run are listed, and
        # one such line fails `make test` (issue #20, item 4: kept at zero).
        tests = sorted({test for spec in modules.values() for test in spec["tests"]})
        options = ("--cov-report=term-missing:skip-covered", "--cov-fail-under=100")
        print(*(f"--cov={_module_name(path)}" for path in modules), *options, *tests)
        return
    if args.other_tests:
        # Every other test: files wholly of the guard tests are ignored, classes of other files deselected.
        tests = sorted({test for spec in modules.values() for test in spec["tests"]})
        print(*(f"--deselect={test}" if "::" in test else f"--ignore={test}" for test in tests))
        return
    if args.worker:
        worker(args.worker, modules[args.worker], args.budget or 1e9, args.only, args.before, args.rerun)
        return
    chosen = args.modules or list(modules)
    floor = config["ci"]["floor"]
    if args.ci:
        shares = config["ci"]["shares"]
        share = args.share
        if share is None:
            count = subprocess.run(["git", "rev-list", "--count", "HEAD"], capture_output=True, text=True, cwd=ROOT)
            share = int(count.stdout.strip() or 0) % len(shares)
        chosen = shares[share % len(shares)]
        print(f"mutation CI share {share % len(shares)} of {len(shares)}: {', '.join(chosen)}")
    if args.list:
        equivalents = equivalent_keys()
        for path in chosen:
            for mutant in find_mutants(path, modules[path].get("swaps", [])):
                mark = " (equivalent)" if mutant.key in equivalents else ""
                print(f"{path}:{mutant.line}: {mutant.description}{mark}\n    {mutant.key}")
        return
    budget = args.budget or (config["ci"]["budget_per_module"] if args.ci else 1e9)
    started = time.monotonic()
    failures = []
    for path in chosen:
        command = [sys.executable, __file__, "--worker", path, "--budget", str(budget)]
        if args.only:
            command += ["--only", args.only]
        if args.before:
            command += ["--before", args.before]
        if args.rerun:
            command += ["--rerun"]
        begun = time.monotonic()
        done = subprocess.run(
            command, cwd=ROOT, stdout=subprocess.DEVNULL if not os.environ.get("MUTATE_VERBOSE") else None
        )
        if done.returncode:
            failures.append(f"{path}: the mutation worker failed (exit {done.returncode})")
            continue
        data = summarise(path)
        if "error" in data:
            failures.append(f"{path}: {data['error']}")
            continue
        counts = data["counts"]
        print(
            f"{path:45} {data['score']:5.1f} %  killed {counts.get('killed', 0):3}  survived "
            f"{counts.get('survived', 0):3}  no test {counts.get('no-test', 0):3}  equivalent "
            f"{counts.get('equivalent', 0):3}  not run {counts.get('not-run', 0):3}  "
            f"({data['tests']} tests, {time.monotonic() - begun:.0f} s)"
        )
        if args.before:
            print(
                f"{'':45} {data['before_score']:5.1f} %  with the {data.get('before_tests', 0)} tests of {args.before}"
            )
        if data.get("unrun_lines"):
            print(f"{'':45} lines no test of the module runs: {_ranges(data['unrun_lines'])}")
        if args.survivors or args.ci:
            for mutant in data["mutants"]:
                if mutant["status"] in ("survived", "no-test"):
                    print(
                        f"    {mutant['status']:8} {path}:{mutant['line']}: {mutant['description']}\n"
                        f"             {mutant['key']}"
                    )
        if data["score"] < floor:
            failures.append(f"{path}: {data['score']} % is under the floor of {floor} %")
        if args.ci and counts.get("not-run"):
            failures.append(f"{path}: {counts['not-run']} mutants not run within {budget:.0f} s")
    print(f"mutation testing: {time.monotonic() - started:.0f} s")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        if args.ci:
            sys.exit(1)


if __name__ == "__main__":
    main()
