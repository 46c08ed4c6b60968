"""Read YAML written by someone else: plain values only, bounded in size, every failure an InputError.

Aliases (``*name``) are refused, so no "billion laughs" document can expand to gigabytes; so are tags
other than the plain scalar, list and mapping ones (``!!python/object``, ``!!binary``, ``!custom``...).
libyaml's parser is used when PyYAML has it (about ten times faster: the scoring config is read on
every rerun of the app), else the pure-Python one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from assessor.errors import InputError

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_MERGE_TAG = "tag:yaml.org,2002:merge"  # the key "<<"; harmless without an alias to merge


class _RefusedNode(yaml.MarkedYAMLError):
    """A node the loader will not build (here: a non-plain tag), with its place."""


class _AliasNode(_RefusedNode):
    """A node reached a second time: an alias."""


def _plain_loader(base: type) -> type:
    """``base`` (a safe loader) checking the composed document before anything is built from it."""

    def get_single_node(self):
        node = base.get_single_node(self)
        if node is not None:
            _check_nodes(node)
        return node

    return type(f"Plain{base.__name__}", (base,), {"get_single_node": get_single_node})


_PlainLoader = _plain_loader(_BASE_LOADER)


def _check_nodes(root: yaml.Node) -> None:
    """Refuse a node reached twice (that is what an alias is once composed) and any non-plain tag.

    Stops at the first node seen again, so the walk is linear in the size of the text.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _AliasNode(problem="YAML aliases are not allowed", problem_mark=node.start_mark)
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS and node.tag != _MERGE_TAG:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _RefusedNode(problem=f"YAML tags such as {tag} are not allowed", problem_mark=node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def load_yaml(path: str | Path, max_bytes: int | None, what: str = "the file") -> Any:
    """The document in ``path`` as plain Python values (None when empty).

    ``max_bytes`` bounds the file (None only for the packaged files); ``what`` names it in messages
    ("the scoring config"). Raise InputError naming the file, the line and column, and the problem.
    """
    path = Path(path)
    try:
        # Non-blocking, so that a FIFO put in the file's place is refused rather than waited on.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise InputError(path, f"cannot read {what}: not a regular file")
            data = _read_at_most(descriptor, max_bytes)
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror or exc}") from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(path, f"larger than {_size(max_bytes)}, the most {what} may be")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text", f"byte {exc.start + 1}") from exc
    return loads_yaml(text, path)


def _read_at_most(descriptor: int, max_bytes: int | None) -> bytes:
    """The file's bytes, stopping once there are more than ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    while max_bytes is None or size <= max_bytes:
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def loads_yaml(text: str, path: str | Path) -> Any:
    """``text`` parsed as in ``load_yaml``; ``path`` names it in messages."""
    try:
        return yaml.load(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(exc, _AliasNode):
            raise InputError(path, exc.problem, _alias_place(text) or where) from None
        if isinstance(exc, _RefusedNode):
            raise InputError(path, exc.problem, where) from None
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise InputError(path, f"not valid YAML: {problem}", where) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problem = f"not valid YAML: {exc.reason} (U+{code:04X})"
        raise InputError(path, problem, f"character {exc.position + 1}") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InputError(path, "not valid YAML: nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a value of the right form that cannot be built, e.g. 2026-13-45
        raise InputError(path, f"not valid YAML: {exc}") from None


def _alias_place(text: str) -> str:
    """Where the first alias is (a composed alias only knows its anchor's place); empty when there is none."""
    for event in yaml.parse(text, Loader=_BASE_LOADER):  # the text composed without error: it parses
        if isinstance(event, yaml.AliasEvent):
            return f"line {event.start_mark.line + 1}, column {event.start_mark.column + 1}"
    return ""


def _size(limit: int) -> str:
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"
