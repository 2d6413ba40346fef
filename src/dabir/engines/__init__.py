"""Engines that run the dabir pipeline beyond one machine's process pool.

The local path (``dabir.archive.ingest`` with ``--jobs``, ``dabir extract DIR``) stays the default; an engine
runs the same per-document work (:func:`dabir.archive.ingest.extract_document` and
:func:`dabir.archive.records.prepare`) as tasks of an existing distributed engine instead of a home-made one.
Only Dask (``dask.distributed``) is provided: :mod:`dabir.engines.dask_engine`.
"""
