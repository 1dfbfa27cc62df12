"""qmcorpus.analyze: Corpus in → tidy DataFrame out; no file IO, no plotting.

Every analysis takes the corpus first and groups with ``by=`` (a documents-table column or a
list of them)."""
from .concordance import collocates, kwic
from .emphasis import category_shares, emphasis, trends
from .reuse import near_duplicates, reuse, reuse_passages, similarity, similarity_matrix
from .terms import document_term_matrix, keyness, term_frequency, tokenize
from .themes import themes_vs_national
from .topics import topics

__all__ = [
    "category_shares", "emphasis", "trends", "tokenize", "document_term_matrix", "term_frequency", "keyness",
    "similarity", "similarity_matrix", "near_duplicates", "reuse", "reuse_passages", "topics", "kwic", "collocates",
    "themes_vs_national",
]
