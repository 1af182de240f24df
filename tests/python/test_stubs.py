"""The type stubs name exactly what the modules define, with the same parameters."""

import ast
import inspect
import pathlib
import types

import pytest

import likeness
from likeness import _likeness


def public(name):
    return not name.startswith("_") or name == "__version__"


def stub_names(body):
    """Names a stub body defines or explicitly re-exports (`import x as x`), by their node."""
    names = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            names.update((t.id, node) for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            names.update((a.asname, node) for a in node.names if a.asname == a.name)
    return {name: node for name, node in names.items() if public(name)}


def runtime_names(module):
    return {
        name for name in dir(module)
        if public(name) and not isinstance(getattr(module, name), types.ModuleType)
    }


STUBS = pathlib.Path(likeness.__file__).parent
MODULES = [(likeness, "__init__.pyi"), (_likeness, "_likeness.pyi")]


def parse_stub(name):
    return ast.parse((STUBS / name).read_text())


@pytest.mark.parametrize("module, stub", MODULES, ids=["likeness", "_likeness"])
def test_the_stub_names_every_public_attribute_and_nothing_else(module, stub):
    assert set(stub_names(parse_stub(stub).body)) == runtime_names(module)


def test_all_lists_the_public_attributes_in_the_module_and_its_stub():
    assert set(likeness.__all__) == runtime_names(likeness)
    (stub_all,) = (
        node.value for node in parse_stub("__init__.pyi").body
        if isinstance(node, ast.Assign) and node.targets[0].id == "__all__"
    )
    assert ast.literal_eval(stub_all) == likeness.__all__


def test_stubbed_classes_have_the_runtime_classes_public_members():
    for name, node in stub_names(parse_stub("_likeness.pyi").body).items():
        if isinstance(node, ast.ClassDef):
            runtime = {m for m in vars(getattr(_likeness, name)) if public(m)}
            assert set(stub_names(node.body)) == runtime, name


def test_python_functions_have_the_stubbed_parameters_and_defaults():
    for name, node in stub_names(parse_stub("__init__.pyi").body).items():
        function = getattr(likeness, name)
        if not isinstance(node, ast.FunctionDef) or not inspect.isfunction(function):
            continue
        parameters = inspect.signature(function).parameters.values()
        arguments = node.args.args
        assert [p.name for p in parameters] == [a.arg for a in arguments], name
        stub_defaults = [ast.literal_eval(d) for d in node.args.defaults]
        runtime_defaults = [p.default for p in parameters if p.default is not p.empty]
        assert runtime_defaults == stub_defaults, name
