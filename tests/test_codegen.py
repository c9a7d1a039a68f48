"""mastodon/return_types.py and docs/entities.rst are what codegen/generate.py writes from codegen/."""

import ast
import importlib.util
import os
import re
import typing

import pytest

from mastodon import return_types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _generator():
    spec = importlib.util.spec_from_file_location("generate", os.path.join(ROOT, "codegen", "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generator()


def test_the_generated_files_are_up_to_date():
    # generate.REQUIRE_DESCRIPTIONS (switched on once codegen/entity_docs.txt is complete) also makes
    # a missing description fail here.
    for path, text in generate.outputs(strict=generate.REQUIRE_DESCRIPTIONS):
        with open(path, encoding="utf-8") as f:
            assert f.read() == text, f"{os.path.relpath(path, ROOT)} is stale: run python codegen/generate.py"


def test_every_class_and_field_is_declared_with_its_type_and_version():
    classes = generate.read_entities()
    assert len(classes) == len(return_types.__all__) == 148
    source = open(os.path.join(ROOT, "mastodon", "return_types.py"), encoding="utf-8").read()
    tree = {node.name: node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)}
    for klass in classes:
        cls = getattr(return_types, klass.name)
        assert cls.__bases__[0].__name__ == "AttribAccessDict"
        assert cls.__doc__ and (klass.since is None or klass.since in cls.__doc__)
        hints = typing.get_type_hints(cls, globalns=vars(return_types))
        body = tree[klass.name].body
        for field in klass.fields:
            assert field.name in hints, f"{klass.name}.{field.name}"
            # the field's doc string follows its annotation and names the version that added it
            index = next(i for i, node in enumerate(body)
                         if isinstance(node, ast.AnnAssign) and node.target.id == field.name)
            doc = " ".join(body[index + 1].value.value.split())
            assert (field.since or "Version not documented") in doc, f"{klass.name}.{field.name}: {doc}"


def test_declared_types_evaluate_to_the_expected_shapes():
    hints = typing.get_type_hints(return_types.Status, globalns=vars(return_types))
    assert hints["account"] is return_types.Account
    assert hints["created_at"].__name__ == "datetime"
    assert typing.get_args(hints["media_attachments"]) == (return_types.MediaAttachment,)
    assert return_types.Collection._mastopy_renames == {"collection_items": "items"}


def test_missing_descriptions_are_reported_in_strict_mode(tmp_path, monkeypatch):
    docs = tmp_path / "entity_docs.txt"
    docs.write_text("# a comment\nAccount: A user.\nAccount.id: Its id.\n", encoding="utf-8")
    monkeypatch.setattr(generate, "DOCS", str(docs))
    classes = generate.read_entities()
    parsed = generate.read_docs(str(docs))
    assert parsed == {"Account": "A user.", "Account.id": "Its id."}
    missing = generate.missing_descriptions(classes, parsed)
    assert "Account" not in missing and "Account.acct" in missing and "Status" in missing
    with pytest.raises(SystemExit, match="descriptions missing"):
        generate.outputs(strict=True)
    module, _ = generate.outputs(strict=False)
    assert "A user." in module[1] and "Its id." in module[1]


def test_bad_description_files_are_refused(tmp_path, monkeypatch):
    docs = tmp_path / "entity_docs.txt"
    docs.write_text("NoSuchClass: text\n", encoding="utf-8")
    monkeypatch.setattr(generate, "DOCS", str(docs))
    with pytest.raises(SystemExit, match="unknown classes or fields"):
        generate.outputs(strict=False)
    docs.write_text("just text\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="expected"):
        generate.read_docs(str(docs))


def test_the_entity_page_lists_every_class_and_field():
    page = open(os.path.join(ROOT, "docs", "entities.rst"), encoding="utf-8").read()
    for klass in generate.read_entities():
        assert re.search(rf"^\.\. py:class:: {klass.name}$", page, re.M), klass.name
        for field in klass.fields:
            assert f"``{field.name}``" in page


def test_descriptions_with_quotes_backslashes_and_markup_are_written_safely(tmp_path, monkeypatch):
    docs = tmp_path / "entity_docs.txt"
    docs.write_text('Status: Says """hi""" with a \\ backslash, *stars* and a ref_\n'
                    'Status.content: HTML like <p>a|b</p>"\n', encoding="utf-8")
    monkeypatch.setattr(generate, "DOCS", str(docs))
    (_, module), (_, page) = generate.outputs(strict=False)
    namespace = {"__name__": "mastodon.generated_for_test", "__package__": "mastodon"}
    exec(compile(module, "return_types.py", "exec"), namespace)
    assert namespace["Status"].__doc__.startswith('Says """hi""" with a \\ backslash, *stars* and a ref_.')
    assert "\\*stars\\* and a ref\\_." in page and "a\\|b" in page
