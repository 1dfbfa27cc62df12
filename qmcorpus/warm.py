"""qmcorpus.warm: load, once, the tables every worker process needs (imported by the fork server).

Where the platform has a fork server (Linux), the batch starts its workers from one server
process that imported this module: the dictionaries, the segmenter (``$QMCORPUS_WARM_SEGMENTER``,
default jieba) and the character tables are loaded there once, and every worker forked from it
shares them (copy-on-write) instead of loading them again at its start (a second or two each).
A table that fails to load here is loaded by the worker itself, which then reports why.
"""
import os

try:
    from .batch.pool import _warm_up
    from .extract import segment

    segment.use(os.environ.get("QMCORPUS_WARM_SEGMENTER", "jieba"))
    _warm_up()
except Exception:  # never break the server: the workers load what they need themselves
    pass
