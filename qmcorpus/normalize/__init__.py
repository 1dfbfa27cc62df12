"""qmcorpus.normalize: bytes → clean simplified str; pure functions, no pandas, no jieba tokenizer."""
from .decode import decode_bytes
from .pipeline import normalize

__all__ = ["normalize", "decode_bytes"]
