"""Synthetic data, seeded and labelled: never to be mistaken for the bureau's own figures."""

from workbench.synthetic.register import (
    INDUSTRIES,
    REGIONS,
    SEMICONDUCTOR_CODES,
    calibration_targets,
    gdp_targets,
    generate_enterprise_register,
    generate_register,
    write_enterprise_register,
)

__all__ = [
    "INDUSTRIES",
    "REGIONS",
    "SEMICONDUCTOR_CODES",
    "calibration_targets",
    "gdp_targets",
    "generate_enterprise_register",
    "generate_register",
    "write_enterprise_register",
]
