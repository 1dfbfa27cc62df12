"""qmcorpus.errors: the exceptions qmcorpus raises; every message names the file and the problem."""
from __future__ import annotations


class QmcorpusError(Exception):
    """Base class of every error qmcorpus raises on purpose."""


class InputError(QmcorpusError):
    """An input file cannot be read or is not a supported document."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UnsupportedFileError(InputError):
    """The file's type is not one qmcorpus reads (the reason says which)."""


class ResourceError(QmcorpusError):
    """A package data file is missing or malformed."""
