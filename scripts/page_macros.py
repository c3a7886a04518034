"""Macros for the pages (mkdocs-macros): every number and card on a page comes from actlib."""


def define_env(env):
    pass
