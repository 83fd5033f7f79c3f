"""The type registry kept in the store: cxdb registry bundles, published once under their id,
and what readers ask of them (a type's newest version, a version's fields, renderers)."""

from __future__ import annotations

import json
import time
from typing import Any

from darkfactory.context.encoding import canonical


class BundleConflict(ValueError):
    """A registry bundle id already names a bundle with other types."""


class Registry:
    """The registry's part of ``ContextStore``: its ``registry_bundles`` table, read and written
    through the store's connection, lock and write transactions."""

    def publish_bundle(self, bundle: dict[str, Any]) -> bool:
        """Keep a type registry bundle under its ``bundle_id``; False when the same one was
        already there. A different bundle under a taken id is refused."""
        bundle_id = bundle.get("bundle_id")
        if not bundle_id or not isinstance(bundle.get("types"), dict):
            raise ValueError("a registry bundle needs a bundle_id and a types object")
        body = canonical(bundle).decode()
        with self._write() as conn:
            row = conn.execute(
                "SELECT body FROM registry_bundles WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
            if row is not None:
                if row["body"] != body:
                    raise BundleConflict(
                        f"bundle {bundle_id} is already published with other types"
                    )
                return False
            conn.execute(
                "INSERT INTO registry_bundles(bundle_id, body, published_at_ms) VALUES (?, ?, ?)",
                (bundle_id, body, time.time_ns() // 1_000_000),
            )
        return True

    def bundle(self, bundle_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT body FROM registry_bundles WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
        return json.loads(row["body"]) if row else None

    def _bundles_newest_first(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT body FROM registry_bundles ORDER BY published_at_ms DESC, rowid DESC"
            ).fetchall()
        return [json.loads(row["body"]) for row in rows]

    def latest_types(self) -> list[dict[str, Any]]:
        """Each registered type's newest version and the newest bundle declaring it."""
        found: dict[str, dict[str, Any]] = {}
        for bundle in self._bundles_newest_first():
            for type_id, entry in bundle["types"].items():
                latest = max(int(v) for v in entry.get("versions", {"0": None}))
                known = found.get(type_id)
                if known is None or latest > known["latest_version"]:
                    found[type_id] = {
                        "type_id": type_id,
                        "latest_version": latest,
                        "bundle_id": bundle["bundle_id"],
                    }
        return [found[t] for t in sorted(found)]

    def renderers(self) -> dict[str, Any]:
        """Each type's renderer (``esm_url``, ``component``, ``integrity``), as the newest
        version that names one declares it."""
        found: dict[str, tuple[int, Any]] = {}
        for bundle in reversed(self._bundles_newest_first()):
            for type_id, entry in bundle["types"].items():
                for version, spec in entry.get("versions", {}).items():
                    renderer = spec.get("renderer") if isinstance(spec, dict) else None
                    if renderer and int(version) >= found.get(type_id, (-1, None))[0]:
                        found[type_id] = (int(version), renderer)
        return {type_id: renderer for type_id, (_, renderer) in sorted(found.items())}

    def latest_bundle_id(self) -> str | None:
        bundles = self._bundles_newest_first()
        return bundles[0]["bundle_id"] if bundles else None

    def type_descriptor(self, type_id: str, version: int) -> dict[str, Any] | None:
        """The fields of ``type_id`` at ``version`` from the newest bundle that declares it."""
        for bundle in self._bundles_newest_first():
            versions = bundle["types"].get(type_id, {}).get("versions", {})
            if str(version) in versions:
                return {"type_id": type_id, "type_version": version, **versions[str(version)]}
        return None
