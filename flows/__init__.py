"""drumbeat: follow one news topic over months (Python package `flows`)."""

__version__ = "0.1.0"
