"""qmcorpus.warm: load, once, the tables every worker process needs (imported by the fork server).

Where the platform has a fork server (Linux), the batch starts its workers from one server
process that imported this module: the dictionaries, the segmenter (``$QMCORPUS_WARM_SEGMENTER``,
default jieba) and the character tables — those of every page and those of some pages only
(legacy encodings, byte-shift damage) — are loaded there once, and every worker forked from it
shares them (copy-on-write) instead of loading them again (a second or so each). A table that
fails to load here is loaded by the worker itself, which then reports why.
"""
import gc
import os

# the imports and tables are millions of new objects: Python's collector would walk them again
# and again while they load; it is paused, and what was loaded is then left out of every later
# collection (gc.freeze: a forked worker's collections neither walk nor copy the shared tables)
gc.disable()
try:
    from .batch.pool import _warm_up
    from .extract import segment

    segment.use(os.environ.get("QMCORPUS_WARM_SEGMENTER", "jieba"))
    _warm_up(everything=True)
except Exception:  # never break the server: the workers load what they need themselves
    pass
finally:
    gc.freeze()
    gc.enable()
