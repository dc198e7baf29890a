"""Border Atlas: curated layers of the Vietnam–China border, joined to news facts."""

__version__ = "0.1.0"
