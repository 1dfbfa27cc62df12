"""The bundled sample corpus: five real Quality Month pages as scraped (copies of ``data/raw/``).

Shipped as package data so that ``qmcorpus.sample_paths()`` finds them from any working folder.
Kept apart from the ``qmcorpus`` package on purpose: third-party pages are sample data, never
part of the toolkit's code or its domain data.
"""
