"""aitrack: a command-line tracker of the AI landscape, every value traced to a quote."""

__version__ = "0.1.0"
