"""Only here to add the data packages that pyproject.toml cannot express:
the top-level ``seeds/`` and ``styles/`` folders, installed as
``reader._seeds`` and ``reader._styles``. All metadata is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["reader", "reader.*"]) + ["reader._seeds", "reader._styles"])
