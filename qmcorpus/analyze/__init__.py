"""qmcorpus.analyze: Corpus in → tidy DataFrame out; no file IO, no plotting.

Every analysis takes the corpus first and groups with ``by=`` (a documents-table column or a
list of them). A document whose grouping value is missing never stops an analysis: it is left out
and counted (``table.attrs["left_out"]``) or forms an ``"unknown"`` group (see
:mod:`qmcorpus.analyze.groups`). Terms are counted as words by one definition
(:mod:`qmcorpus.analyze.words`); rates carry their unit in the column name and, where they are
averages over documents, ``n_docs`` and a document-bootstrap interval.
"""
from .concordance import collocates, kwic
from .dictionary import dictionary, dictionary_counts, load_dictionary
from .emphasis import category_cooccurrence, category_shares, emphasis, trends
from .groups import UNKNOWN, category_names, short_titles
from .reuse import near_duplicates, reuse, reuse_passages, similarity, similarity_matrix
from .terms import DFM, dfm, document_term_matrix, keyness, term_counts, term_frequency, tokenize
from .themes import themes_vs_national
from .topics import topics

__all__ = [
    "category_shares", "category_cooccurrence", "emphasis", "trends", "tokenize", "document_term_matrix", "dfm", "DFM", "term_counts",
    "term_frequency", "keyness", "similarity", "similarity_matrix", "near_duplicates", "reuse", "reuse_passages",
    "topics", "kwic", "collocates", "themes_vs_national", "dictionary", "dictionary_counts", "load_dictionary",
    "category_names", "short_titles", "UNKNOWN",
]
