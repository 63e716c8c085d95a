"""Engines run the pipeline over a stream of documents: ``local`` (one machine, N processes)
and ``dask`` (a cluster). Both call :func:`extractor.engines.local.process_chunk`, so their
records are the same."""
