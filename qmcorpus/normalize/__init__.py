"""qmcorpus.normalize: bytes → clean simplified str; pure functions, no pandas, no jieba tokenizer.

``normalize`` and ``decode_bytes`` are loaded on first use: importing the package compiles no
pattern and loads no table (a run whose documents are all cache hits needs none of them)."""

__all__ = ["normalize", "decode_bytes"]


def __getattr__(name: str):
    if name == "normalize":
        from .pipeline import normalize

        return normalize
    if name == "decode_bytes":
        from .decode import decode_bytes

        return decode_bytes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
