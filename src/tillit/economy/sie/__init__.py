"""SIE 4 reading (pure Python, no Django): parser, summary, generator and CLI glue."""

from .parser import SieError, SieReader, iter_vouchers
from .summary import summarize

__all__ = ["SieError", "SieReader", "iter_vouchers", "summarize"]
