"""Everything is in pyproject.toml. This file exists for `scrapyd-deploy` (scrapyd-client), which
builds the egg with `python setup.py bdist_egg` and, when there is no setup.py, writes one of its
own that names the project "project" and sets the `scrapy` entry point outside pyproject.toml,
where setuptools ignores it: scrapyd then cannot find the settings module (docs/scale.md)."""

from setuptools import setup

setup()
