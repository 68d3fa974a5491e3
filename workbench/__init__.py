"""Digital-economy workbench: measure, classify, forecast and monitor a city's digital economy."""

__version__ = "0.1.0"
