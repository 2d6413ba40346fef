"""Keeping the ``stories`` tables right as documents come and go, and reading them back (both backends).

A mixin of :class:`dabir.archive.base.Archive`.  The writer calls :meth:`StoryStore._link_stories` for every
batch of new or changed documents and :meth:`StoryStore._unlink_stories` before a document is replaced or
removed; a story left without the document that bridged its members is split again by comparing the members'
signatures, so no story keeps two documents that are not (transitively) alike.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from dabir.archive.stories import Fingerprint, same_story

if TYPE_CHECKING:
    from dabir.archive.records import PreparedDocument

#: Parameters per ``IN (…)`` list (SQLite allows 32,766).
CHUNK = 5000
#: A story larger than this is not re-split after a removal (the pairwise check would cost too much).
MAX_REGROUP = 500
FIRST_SEEN = "min(coalesce(d.date_gregorian, substr(d.ingested_at, 1, 10)))"


class StoryStore:
    param: str

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _in(self, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _chunked(self, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(values), CHUNK):
            rows.extend(self._in(sql, values[start : start + CHUNK]))
        return rows

    def _new_story(self) -> int:
        return int(self._execute("INSERT INTO stories (first_seen, size) VALUES ('', 0) RETURNING id")[0][0])

    # --- writing -------------------------------------------------------------------------------------
    def _link_stories(self, documents: list[tuple[int, PreparedDocument]]) -> None:
        """Join each document to the story of the archived documents it shares a band with and resembles."""
        items: list[tuple[int, Fingerprint]] = [
            (document_id, prepared.story) for document_id, prepared in documents if prepared.story is not None
        ]
        if not items:
            return
        by_band: dict[int, set[int]] = {}
        for band, document_id in self._chunked(
            "SELECT band, document_id FROM story_bands WHERE band IN ({})",
            sorted({band for _, fingerprint in items for band in fingerprint.bands}),
        ):
            by_band.setdefault(int(band), set()).add(int(document_id))
        known: dict[int, tuple[int, bytes]] = {
            int(row[0]): (int(row[1]), bytes(row[2]))
            for row in self._chunked(
                "SELECT document_id, story_id, signature FROM story_members WHERE document_id IN ({})",
                sorted({d for found in by_band.values() for d in found}),
            )
        }
        p = self.param
        touched: set[int] = set()
        members: list[tuple[int, int, bytes]] = []
        for document_id, fingerprint in items:
            candidates = {d for band in fingerprint.bands for d in by_band.get(band, ())} - {document_id}
            stories = sorted(
                {
                    known[d][0]
                    for d in candidates
                    if d in known and same_story(fingerprint.signature, known[d][1])
                }
            )
            if not stories:
                story = self._new_story()
            else:
                story, merged = stories[0], stories[1:]
                if merged:  # the document bridges stories: they were one story all along
                    self._flush_members(members)
                    self._in(f"UPDATE story_members SET story_id = {story} WHERE story_id IN ({{}})", merged)
                    self._in("DELETE FROM stories WHERE id IN ({})", merged)
                    gone = set(merged)
                    known.update({d: (story, sig) for d, (s, sig) in known.items() if s in gone})
                    touched -= gone
            touched.add(story)
            known[document_id] = (story, fingerprint.signature)
            members.append((document_id, story, fingerprint.signature))
            for band in fingerprint.bands:
                by_band.setdefault(band, set()).add(document_id)
        self._flush_members(members)
        self._executemany(
            f"INSERT INTO story_bands (band, document_id) VALUES ({p}, {p})",
            [(band, document_id) for document_id, fingerprint in items for band in set(fingerprint.bands)],
        )
        self._refresh_stories(sorted(touched))

    def _flush_members(self, members: list[tuple[int, int, bytes]]) -> None:
        if members:
            p = self.param
            self._executemany(
                f"INSERT INTO story_members (document_id, story_id, signature) VALUES ({p}, {p}, {p})",
                members,
            )
            members.clear()

    def _unlink_stories(self, document_ids: list[int]) -> None:
        """Take documents out of their stories (before they are replaced or removed); split what they joined."""
        stories = sorted(
            {
                int(row[0])
                for row in self._chunked(
                    "SELECT DISTINCT story_id FROM story_members WHERE document_id IN ({})", document_ids
                )
            }
        )
        if not stories:
            return
        self._chunked("DELETE FROM story_bands WHERE document_id IN ({})", document_ids)
        self._chunked("DELETE FROM story_members WHERE document_id IN ({})", document_ids)
        touched = list(stories)
        for story in stories:
            touched.extend(self._regroup(story))
        self._refresh_stories(touched)

    def _regroup(self, story: int) -> list[int]:
        """Split ``story``'s members into groups of (transitively) alike documents; the new stories' ids."""
        p = self.param
        rows = self._execute(
            f"SELECT document_id, signature FROM story_members WHERE story_id = {p} ORDER BY document_id",
            (story,),
        )
        if len(rows) < 2 or len(rows) > MAX_REGROUP:
            return []
        ids = [int(row[0]) for row in rows]
        signatures = [bytes(row[1]) for row in rows]
        parent = list(range(len(ids)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                if root(i) != root(j) and same_story(signatures[i], signatures[j]):
                    parent[root(j)] = root(i)
        groups: dict[int, list[int]] = {}
        for i, document_id in enumerate(ids):
            groups.setdefault(root(i), []).append(document_id)
        ordered = sorted(groups.values(), key=lambda group: (-len(group), group[0]))
        created = []
        for group in ordered[1:]:  # the largest group keeps the story's id
            new = self._new_story()
            self._in(f"UPDATE story_members SET story_id = {new} WHERE document_id IN ({{}})", group)
            created.append(new)
        return created

    def _refresh_stories(self, stories: list[int]) -> None:
        """Recount members and first-seen dates of ``stories``; drop the ones left empty."""
        if not stories:
            return
        self._chunked(
            "UPDATE stories SET size = (SELECT count(*) FROM story_members m WHERE m.story_id = stories.id), "
            f"first_seen = coalesce((SELECT {FIRST_SEEN} FROM story_members m JOIN documents d "
            "ON d.id = m.document_id WHERE m.story_id = stories.id), '') WHERE id IN ({})",
            stories,
        )
        self._chunked("DELETE FROM stories WHERE size = 0 AND id IN ({})", stories)

    # --- reading -------------------------------------------------------------------------------------
    def stories(
        self,
        date_from: datetime.date | None = None,
        date_to: datetime.date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stories carried by two or more documents, newest first, with their members."""
        p = self.param
        conditions, params = ["size >= 2"], []
        if date_from:
            conditions.append(f"first_seen >= {p}")
            params.append(date_from.isoformat())
        if date_to:
            conditions.append(f"first_seen <= {p}")
            params.append(date_to.isoformat())
        rows = self._execute(
            f"SELECT id, first_seen, size FROM stories WHERE {' AND '.join(conditions)} "
            f"ORDER BY first_seen DESC, id DESC LIMIT {p} OFFSET {p}",
            (*params, limit, offset),
        )
        members = self._members([int(row[0]) for row in rows])
        return [
            {
                "id": int(story),
                "first_seen": first_seen,
                "size": int(size),
                "documents": members.get(int(story), []),
            }
            for story, first_seen, size in rows
        ]

    def story(self, story_id: int) -> dict[str, Any] | None:
        p = self.param
        row = self._execute(f"SELECT id, first_seen, size FROM stories WHERE id = {p}", (story_id,))
        if not row:
            return None
        story, first_seen, size = row[0]
        return {
            "id": int(story),
            "first_seen": first_seen,
            "size": int(size),
            "documents": self._members([int(story)]).get(int(story), []),
        }

    def story_of(self, document_id: int) -> dict[str, Any] | None:
        """The story a document belongs to (with all its members), or None when it has none."""
        p = self.param
        row = self._execute(f"SELECT story_id FROM story_members WHERE document_id = {p}", (document_id,))
        return self.story(int(row[0][0])) if row else None

    def _members(self, stories: list[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        for story, document_id, title, jalali, gregorian, path in self._chunked(
            "SELECT m.story_id, d.id, d.title, d.date_jalali, d.date_gregorian, "
            "(SELECT min(path) FROM paths WHERE document_id = d.id) FROM story_members m "
            "JOIN documents d ON d.id = m.document_id WHERE m.story_id IN ({}) "
            "ORDER BY m.story_id, d.date_gregorian, d.id",
            stories,
        ):
            found.setdefault(int(story), []).append(
                {
                    "id": int(document_id),
                    "title": title,
                    "date": {"jalali": jalali, "gregorian": gregorian},
                    "path": path,
                }
            )
        return found
