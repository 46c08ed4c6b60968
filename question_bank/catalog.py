"""The ISO/IEC 42001 catalog: every assessable clause and Annex A control.

Ids and titles are the standard's; descriptions are our own words, written the
way a vendor describes doing the thing, because answers are matched against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assessor.errors import InputError
from scoring.safe_yaml import load_yaml

DEFAULT_CATALOG_PATH = Path(__file__).parent / "data" / "iso42001_catalog.yaml"
NODE_ID_PATTERN = re.compile(r"^(?:(?:4|5|6|7|8|9|10)(?:\.\d+){1,2}|A\.(?:[2-9]|10)(?:\.\d+){1,2})$")
REQUIRED_FIELDS = ("id", "title", "group", "description", "evidence")


@dataclass(frozen=True)
class CatalogNode:
    """One assessable clause (4.1 ... 10.2) or Annex A control (A.2.2 ... A.10.4)."""

    id: str
    title: str
    group: str
    description: str
    evidence: str

    @property
    def is_annex(self) -> bool:
        return self.id.startswith("A.")

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Catalog:
    nodes: tuple[CatalogNode, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {node.id: node for node in self.nodes})

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._by_id

    def __len__(self) -> int:
        return len(self.nodes)

    def get(self, node_id: str) -> CatalogNode:
        return self._by_id[node_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(node.id for node in self.nodes)

    def groups(self) -> dict[str, list[CatalogNode]]:
        """Nodes by group, in catalog order."""
        grouped: dict[str, list[CatalogNode]] = {}
        for node in self.nodes:
            grouped.setdefault(node.group, []).append(node)
        return grouped


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate a catalog file (the packaged one by default)."""
    if path is None:
        return _default_catalog()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _load(DEFAULT_CATALOG_PATH)


def _load(path: Path) -> Catalog:
    from scoring.config import load_config

    data = load_yaml(path, int(load_config()["yaml_limits"]["catalog_kb"]) * 1024, "the catalog")
    entries = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(path, "expected a top-level 'nodes' list")
    problems: list[str] = []
    nodes: list[CatalogNode] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"entry {index} is not a mapping")
            continue
        values = {key: str(entry.get(key) or "").strip() for key in REQUIRED_FIELDS}
        label = values["id"] or f"entry {index}"
        missing = [key for key in REQUIRED_FIELDS if not values[key]]
        if missing:
            problems.append(f"{label}: missing {', '.join(missing)}")
            continue
        if not NODE_ID_PATTERN.match(values["id"]):
            problems.append(f"{label}: malformed id")
        if values["id"] in seen:
            problems.append(f"{label}: duplicate id")
        seen.add(values["id"])
        nodes.append(CatalogNode(**values))
    if problems:
        raise InputError(path, "invalid catalog: " + "; ".join(problems))
    return Catalog(tuple(nodes))
