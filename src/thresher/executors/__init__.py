"""Executors decide where shards run; each calls ``Pipeline.run_shard`` and nothing else per shard.

The interface is one function, ``map_shards(config, shards, out, workers, progress)``, which runs
every given shard to completion (each writes its own output and done-marker).
"""
