"""The type stubs ship with the wheel and name what the module has, and nothing else."""

import ast
import importlib.resources
import pathlib

import mandate

STUB = pathlib.Path(__file__).resolve().parents[1] / "mandate.pyi"


def test_the_wheel_ships_its_stubs_and_py_typed():
    files = importlib.resources.files("mandate")
    assert (files / "py.typed").is_file()
    assert (files / "__init__.pyi").read_text() == STUB.read_text()


def test_every_stubbed_class_and_method_exists():
    tree = ast.parse(STUB.read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            cls = getattr(mandate, node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    assert hasattr(cls, item.name), f"{node.name}.{item.name}"
                elif isinstance(item, ast.AnnAssign) and node.name == "Diagnostic":
                    assert item.target.id in dir(cls), f"{node.name}.{item.target.id}"
